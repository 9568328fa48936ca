import type { Simulator, SimulatorOptions } from '../../simulator';
import { startSimulator } from '../../simulator';
import { endDeviceUid } from '../../simulator/state/records';

export type Registry = 'is' | 'js' | 'ns' | 'as';

export interface TestStack {
	sim: Simulator;
	/** Credential data for the nodes, pointing at the simulator. */
	credentials: { apiKey: string; serverAddress: string; identityServerAddress?: string };
	apiKey: string;
	close(): Promise<void>;
}

export interface TestStackOptions extends SimulatorOptions {
	/** Applications to create, owned by user `test-user`. Default ['test-app']. */
	applications?: string[];
	/** Rights of the API key of `test-user`. Default RIGHT_ALL. */
	rights?: string[];
}

/**
 * A simulator with a user `test-user`, its applications and a user API key, and the credential
 * data that points the nodes at it (both hosts when the Identity Server runs on its own port).
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
	const sim = await startSimulator(options);
	sim.createUser('test-user');
	for (const applicationId of options.applications ?? ['test-app']) {
		sim.createApplication({ applicationId, owner: { userId: 'test-user' } });
	}
	const { key } = sim.createUserKey('test-user', options.rights ?? ['RIGHT_ALL']);
	const split = options.identityServerPort !== undefined;
	return {
		sim,
		apiKey: key,
		credentials: {
			apiKey: key,
			serverAddress: sim.url,
			...(split ? { identityServerAddress: sim.identityServerUrl } : {}),
		},
		close: async () => await sim.close(),
	};
}

/** The registries (Identity, Join, Network, Application Server) that hold a device. */
export function registriesHolding(
	sim: Simulator,
	applicationId: string,
	deviceId: string,
	tenant?: string,
): Registry[] {
	const state = sim.state(tenant);
	const uid = endDeviceUid(applicationId, deviceId);
	const holding: Registry[] = [];
	if (state.identity.endDevices.get(applicationId)?.has(deviceId)) holding.push('is');
	if (state.joinServer.devices.has(uid)) holding.push('js');
	if (state.networkServer.devices.has(uid)) holding.push('ns');
	if (state.applicationServer.devices.has(uid)) holding.push('as');
	return holding;
}
