/** Kinds of TTS identifiers that appear in URL paths, as `{kind}` placeholders in path templates. */
export type IdKind =
	| 'application_id'
	| 'device_id'
	| 'gateway_id'
	| 'organization_id'
	| 'user_id'
	| 'client_id'
	| 'webhook_id';

export type PathParams = Partial<Record<IdKind, string>>;

// api/ttn/lorawan/v3/identifiers.proto: IDs are lowercase, digits and single inner hyphens, at
// most 36 characters; user IDs may be 2 characters long, every other ID at least 3.
const ID_RULES: Record<IdKind, { label: string; pattern: RegExp; minLength: number }> = {
	application_id: {
		label: 'Application ID',
		pattern: /^[a-z0-9](?:-?[a-z0-9]){2,}$/,
		minLength: 3,
	},
	device_id: { label: 'Device ID', pattern: /^[a-z0-9](?:-?[a-z0-9]){2,}$/, minLength: 3 },
	gateway_id: { label: 'Gateway ID', pattern: /^[a-z0-9](?:-?[a-z0-9]){2,}$/, minLength: 3 },
	organization_id: {
		label: 'Organization ID',
		pattern: /^[a-z0-9](?:-?[a-z0-9]){2,}$/,
		minLength: 3,
	},
	user_id: { label: 'User ID', pattern: /^[a-z0-9](?:-?[a-z0-9]){1,}$/, minLength: 2 },
	client_id: { label: 'Client ID', pattern: /^[a-z0-9](?:-?[a-z0-9]){2,}$/, minLength: 3 },
	// api/ttn/lorawan/v3/applicationserver_web.proto ApplicationWebhookIdentifiers.
	webhook_id: { label: 'Webhook ID', pattern: /^[a-z0-9](?:-?[a-z0-9]){2,}$/, minLength: 3 },
};

const MAX_ID_LENGTH = 36;

export function idLabel(kind: IdKind): string {
	return ID_RULES[kind].label;
}

/** Returns why `value` is not a valid TTS identifier of this kind, or undefined when it is. */
export function findIdProblem(kind: IdKind, value: unknown): string | undefined {
	const { label, pattern, minLength } = ID_RULES[kind];
	if (typeof value !== 'string' || value.trim() === '') return `${label} is empty`;
	if (value.length > MAX_ID_LENGTH) {
		return `${label} "${value}" is longer than ${MAX_ID_LENGTH} characters`;
	}
	if (!pattern.test(value)) {
		return `${label} "${value}" is not valid: use ${minLength}–${MAX_ID_LENGTH} lowercase letters, digits and single hyphens, not at the start or end`;
	}
	return undefined;
}

export class InvalidPathError extends Error {
	constructor(
		message: string,
		readonly kind?: IdKind,
	) {
		super(message);
	}
}

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/**
 * Fills `{application_id}`-style placeholders with validated, encoded identifiers.
 * Throws InvalidPathError naming the identifier when a value is missing or malformed.
 */
export function buildPath(template: string, params: PathParams = {}): string {
	return template.replace(PLACEHOLDER, (_, name: string) => {
		if (!(name in ID_RULES)) throw new InvalidPathError(`Unknown path placeholder {${name}}`);
		const kind = name as IdKind;
		const value = params[kind];
		const problem = findIdProblem(kind, value);
		if (problem) throw new InvalidPathError(problem, kind);
		return encodeURIComponent(value as string);
	});
}

export type StackComponent = 'is' | 'as' | 'ns' | 'js' | 'gs' | 'edtc' | 'dcs' | 'qrg' | 'gcs';

const CLUSTER_PREFIXES: Array<[string, StackComponent]> = [
	['/as/', 'as'],
	['/ns/', 'ns'],
	['/js/', 'js'],
	['/gs/', 'gs'],
	['/edtc/', 'edtc'],
	['/edcs/', 'dcs'],
	['/qr-codes/', 'qrg'],
	['/gcs/', 'gcs'],
];

/** The server component that serves a path, as the TTS JS SDK decides it from the path prefix. */
export function componentOfPath(path: string): StackComponent {
	for (const [prefix, component] of CLUSTER_PREFIXES) {
		if (path.startsWith(prefix)) return component;
	}
	return 'is';
}

export const COMPONENT_NAMES: Record<StackComponent, string> = {
	is: 'Identity Server',
	as: 'Application Server',
	ns: 'Network Server',
	js: 'Join Server',
	gs: 'Gateway Server',
	edtc: 'Device Template Converter',
	dcs: 'Device Claiming Server',
	qrg: 'QR Code Generator',
	gcs: 'Gateway Configuration Server',
};
