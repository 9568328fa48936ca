/** Kinds of TTS identifiers that appear in URL paths, as `{kind}` placeholders in path templates. */
export type IdKind =
	| 'application_id'
	| 'device_id'
	| 'gateway_id'
	| 'organization_id'
	| 'user_id'
	| 'client_id'
	| 'brand_id'
	| 'model_id'
	| 'firmware_version'
	| 'band_id'
	| 'webhook_id';

export type PathParams = Partial<Record<IdKind, string>>;

interface IdRule {
	label: string;
	pattern: RegExp;
	maxLength: number;
	/** What a valid value looks like, for the error message. */
	expected: string;
}

const entityRule = (label: string, minLength = 3): IdRule => ({
	label,
	pattern: minLength === 2 ? /^[a-z0-9](?:-?[a-z0-9]){1,}$/ : /^[a-z0-9](?:-?[a-z0-9]){2,}$/,
	maxLength: 36,
	expected: `${minLength}–36 lowercase letters, digits and single hyphens, not at the start or end`,
});

// A version or band is one path segment: no slash, and not a dot segment a URL would resolve.
const segmentRule = (label: string): IdRule => ({
	label,
	pattern: /^(?!\.{1,2}$)[^/]+$/,
	maxLength: 32,
	expected: 'at most 32 characters without a slash',
});

// api/ttn/lorawan/v3/identifiers.proto: IDs are lowercase, digits and single inner hyphens, at
// most 36 characters; user IDs may be 2 characters long, every other ID at least 3. Device
// Repository brand and model IDs follow the same rule (devicerepository.proto); firmware and
// hardware versions and band IDs are free text of at most 32 characters
// (EndDeviceVersionIdentifiers). Webhook IDs follow the entity rule too
// (applicationserver_web.proto ApplicationWebhookIdentifiers).
const ID_RULES: Record<IdKind, IdRule> = {
	application_id: entityRule('Application ID'),
	device_id: entityRule('Device ID'),
	gateway_id: entityRule('Gateway ID'),
	organization_id: entityRule('Organization ID'),
	user_id: entityRule('User ID', 2),
	client_id: entityRule('Client ID'),
	brand_id: entityRule('Brand ID'),
	model_id: entityRule('Model ID'),
	firmware_version: segmentRule('Firmware Version'),
	band_id: segmentRule('Band ID'),
	webhook_id: entityRule('Webhook ID'),
};

export function idLabel(kind: IdKind): string {
	return ID_RULES[kind].label;
}

/** Returns why `value` is not a valid TTS identifier of this kind, or undefined when it is. */
export function findIdProblem(kind: IdKind, value: unknown): string | undefined {
	const { label, pattern, maxLength, expected } = ID_RULES[kind];
	if (typeof value !== 'string' || value.trim() === '') return `${label} is empty`;
	if (value.length > maxLength) {
		return `${label} "${value}" is longer than ${maxLength} characters`;
	}
	if (!pattern.test(value)) {
		return `${label} "${value}" is not valid: use ${expected}`;
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
