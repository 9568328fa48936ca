import type { FaultRequestInfo } from '../faults/faultInjector';

export type PathComponent = FaultRequestInfo['component'];

// sdk/js/src/util/constants.js URI_PREFIX_STACK_COMPONENT_MAP: the first path segment picks the
// component; everything else belongs to the Identity Server. The map has no `dr`: the Console
// sends the Device Repository's `/dr/` paths to the Identity Server's host.
const prefixComponents: Record<string, PathComponent> = {
	as: 'as',
	ns: 'ns',
	js: 'js',
	gs: 'gs',
	edtc: 'edtc',
	qrg: 'other',
	gcs: 'other',
	edcs: 'other',
	dcs: 'other',
};

/** The component serving an API path (below /api/v3). */
export function componentOfPath(apiPath: string): PathComponent {
	const first = apiPath.split('/')[1] ?? '';
	return prefixComponents[first] ?? 'is';
}

/** Services every component registers (pkg/component/configuration_grpc.go, pkg/events/grpc). */
export function isServedByEveryComponent(rpc: string): boolean {
	return rpc.startsWith('Configuration.') || rpc.startsWith('Events.');
}
