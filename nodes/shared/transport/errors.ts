import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** One entry of `details[]` in a TTS error body (api/ttn/lorawan/v3/error.proto ErrorDetails). */
export interface TtsErrorDetails {
	namespace?: string;
	name?: string;
	message_format?: string;
	attributes?: IDataObject;
	correlation_id?: string;
	cause?: TtsErrorDetails;
	code?: number;
}

export interface TtsError {
	/** `<namespace>:<name>`, e.g. `pkg/auth/rights:insufficient_application_rights`. */
	id?: string;
	name?: string;
	/** The message with its attributes filled in, as a person would read it. */
	message: string;
	attributes: IDataObject;
	correlationId?: string;
	grpcCode?: number;
	cause?: TtsError;
}

/** Reads a TTS (grpc-gateway) error body: `{code, message, details: [ErrorDetails]}`. */
export function parseTtsError(body: unknown): TtsError | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const envelope = body as IDataObject;
	const details = Array.isArray(envelope.details)
		? (envelope.details[0] as TtsErrorDetails)
		: undefined;
	if (details && (details.name || details.message_format)) return fromDetails(details, envelope);
	if (typeof envelope.message === 'string') {
		return {
			message: stripErrorPrefix(envelope.message),
			attributes: {},
			grpcCode: typeof envelope.code === 'number' ? envelope.code : undefined,
		};
	}
	return undefined;
}

function fromDetails(details: TtsErrorDetails, envelope?: IDataObject): TtsError {
	const attributes = details.attributes ?? {};
	return {
		id: details.namespace && details.name ? `${details.namespace}:${details.name}` : details.name,
		name: details.name,
		message: formatMessage(details.message_format ?? details.name ?? 'unknown error', attributes),
		attributes,
		correlationId: details.correlation_id,
		grpcCode:
			typeof details.code === 'number'
				? details.code
				: typeof envelope?.code === 'number'
					? envelope.code
					: undefined,
		cause: details.cause ? fromDetails(details.cause) : undefined,
	};
}

// TTS messages look like "error:pkg/auth/rights:insufficient_application_rights (text)".
function stripErrorPrefix(message: string): string {
	const match = /^error:[^ ]+ \((.*)\)$/s.exec(message);
	return match ? match[1] : message;
}

/** Fills `{attribute}` placeholders of a TTS message format. */
export function formatMessage(format: string, attributes: IDataObject): string {
	return format.replace(/\{([a-z_0-9]+)\}/gi, (whole, name: string) =>
		name in attributes ? formatValue(attributes[name]) : whole,
	);
}

function formatValue(value: unknown): string {
	if (Array.isArray(value)) return value.map(formatValue).join(', ');
	if (value && typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

// The key is not known where it was sent: a missing or wrong tenant, another deployment's key, or
// a deleted one. pkg/tenant/middleware errors come from The Things Stack Cloud and Enterprise.
const UNKNOWN_KEY_ERRORS = new Set([
	'api_key_not_found',
	'unauthenticated',
	'missing_tenant_id',
	'tenant_not_found',
]);

/**
 * What a user can do about the common TTS errors. `rejectedKeyAdvice` says what to check when the
 * key is not known, tailored to the credential (see credentialAdvice.ts).
 */
export function hintFor(
	error: TtsError,
	status: number,
	rejectedKeyAdvice?: string,
): string | undefined {
	const name = error.name ?? '';
	const attributes = error.attributes;
	if (name === 'field_mask_paths') {
		return `The Things Stack does not accept these fields in this call: ${formatValue(attributes.forbidden_paths)}. Remove them, or set them with the operation that owns them.`;
	}
	if (/^insufficient_[a-z]+_rights$/.test(name)) {
		return `The API key lacks the rights ${formatValue(attributes.missing)}. Add them to the key in the Console (API keys), or use a key that has them.`;
	}
	if (/^no_[a-z]+_rights$/.test(name)) {
		return 'The API key has no rights on this entity. Either it does not exist, or the key belongs to another application, gateway or user. Check the ID and the key.';
	}
	if (
		name === 'no_admin' ||
		name === 'insufficient_universal_rights' ||
		name.startsWith('admins_')
	) {
		return 'This needs an API key of an admin user of the deployment.';
	}
	if (UNKNOWN_KEY_ERRORS.has(name) || (status === 401 && !name)) {
		return (
			rejectedKeyAdvice ??
			'The API key in the credential was not accepted. Check the Tenant ID, then the server address, then the key.'
		);
	}
	if (name === 'invalid_authorization') {
		return 'The API key in the credential was not accepted: The Things Stack knows its ID, but the rest does not match, so it was copied incompletely or changed. Paste the whole key again; if it is lost, create a new one in the Console.';
	}
	if (name === 'api_key_expired') {
		return 'The API key in the credential has expired. Create a new key in the Console (API keys) and update the credential.';
	}
	if (name === 'token') {
		return 'The API key in the credential is malformed: copy the whole key from the Console. It starts with NNSXS. and has two dots.';
	}
	if (name === 'id_taken') {
		return 'This ID is already used (deleted applications, gateways and users keep their ID until an admin purges them). Choose another ID.';
	}
	// The Identity Server answers end_device_euis_taken for its own registry; the Join, Network and
	// Application Servers answer the same name from pkg/internal/registry for theirs (a
	// duplicate_identifiers only ever comes from a join).
	if (error.id === 'pkg/internal/registry:end_device_euis_taken' && attributes.device_id) {
		return `Device "${formatValue(attributes.device_id)}" of application "${formatValue(attributes.application_id)}" still holds JoinEUI ${formatValue(attributes.join_eui)} and DevEUI ${formatValue(attributes.dev_eui)} on this server, often a leftover of a device deleted from the Identity Server only. Delete it with Device → Delete (it removes leftovers from every server of the cluster), then try again.`;
	}
	if (name === 'end_device_euis_taken' && attributes.device_id) {
		return `Device "${formatValue(attributes.device_id)}" of application "${formatValue(attributes.application_id)}" already uses JoinEUI ${formatValue(attributes.join_eui)} and DevEUI ${formatValue(attributes.dev_eui)}: a JoinEUI/DevEUI pair belongs to one device. Delete that device first (Device → Delete), or check the EUIs.`;
	}
	if (name === 'end_device_euis_taken' || name === 'end_device_euis_taken_in_other_tenant') {
		return 'Another device already uses this JoinEUI/DevEUI pair. Delete it first, or check the EUIs.';
	}
	if (name === 'dev_eui_issuing_not_enabled') {
		return 'This The Things Stack issues no DevEUIs: its Identity Server has no DevEUI block configured (the open-source default; The Things Network and The Things Stack Cloud have one). Enter the DevEUI printed on the device or its label, or ask the operator to configure a DevEUI block (is.dev-eui-block).';
	}
	if (name === 'application_dev_eui_limit_reached') {
		return `The application has received all the DevEUIs the server issues per application (${formatValue(attributes.dev_eui_limit)}). Enter the DevEUI printed on the device, or issue it in another application.`;
	}
	if (name === 'no_eui_or_block_available') {
		return "The server's DevEUI block is used up. Enter the DevEUI printed on the device, or ask the operator for a new block.";
	}
	if (name === 'eui_taken' || name === 'gateway_eui_taken') {
		return 'Another gateway already uses this EUI. Delete it or use another EUI.';
	}
	if (name === 'rate_limit_exceeded') {
		return 'The server rate limit was hit even after waiting and retrying. Lower the concurrency, or ask the operator for a higher limit.';
	}
	if (name === 'no_device_session') {
		return 'The device has not joined yet, so it has no session to queue downlinks on. Wait for the join (OTAA), or check its ABP session.';
	}
	if (name === 'application_has_devices') {
		return 'Delete the devices of this application first (Device → Delete), then try again.';
	}
	if (name === 'not_connected') {
		return 'The gateway is not connected to the Gateway Server of this cluster right now.';
	}
	if (name.endsWith('_not_found') || name === 'not_found' || status === 404) {
		return 'Check the ID, and that the server address points at the cluster where it is registered.';
	}
	if (name.endsWith('_address_mismatch')) {
		return 'The application pins its server addresses; the device must use the same hosts as the application.';
	}
	return undefined;
}

export interface FailedResponse {
	statusCode: number;
	body: unknown;
	method: string;
	/** Path below /api/v3, e.g. `/ns/applications/app1/devices/dev1`. */
	path: string;
	serverName: string;
	/** What to check when the key is not known, for this credential (Connection.rejectedKeyAdvice). */
	rejectedKeyAdvice?: string;
}

export function describeRequest(
	failed: Pick<FailedResponse, 'method' | 'path' | 'serverName'>,
): string {
	return `${failed.method} /api/v3${failed.path} (${failed.serverName})`;
}

/**
 * Turns a failed TTS response into the NodeApiError a user reads: the formatted TTS message with
 * its attributes, a hint for the common cases, and the error name and correlation ID to quote.
 */
export function createApiError(
	node: INode,
	failed: FailedResponse,
	itemIndex?: number,
): NodeApiError {
	const ttsError = parseTtsError(failed.body);
	const message = ttsError ? withUnusedAttributes(ttsError) : fallbackMessage(failed);
	const hint = hintFor(
		ttsError ?? { message: '', attributes: {} },
		failed.statusCode,
		failed.rejectedKeyAdvice,
	);
	const reference = [
		ttsError?.id ? `TTS error ${ttsError.id}` : undefined,
		ttsError?.correlationId ? `correlation ID ${ttsError.correlationId}` : undefined,
		describeRequest(failed),
	]
		.filter(Boolean)
		.join(' · ');
	const body: JsonObject =
		failed.body && typeof failed.body === 'object'
			? (failed.body as JsonObject)
			: { message: String(failed.body ?? '') };
	const error = new NodeApiError(node, body, {
		message: capitalize(message),
		description: hint ? `${hint}\n\n${reference}` : reference,
		httpCode: String(failed.statusCode),
		itemIndex,
	});
	Object.assign(error, { ttsError });
	return error;
}

function withUnusedAttributes(error: TtsError): string {
	const unused = Object.entries(error.attributes).filter(
		([name, value]) =>
			value !== undefined &&
			!error.message.includes(formatValue(value)) &&
			!['uid', 'correlation_id'].includes(name),
	);
	if (unused.length === 0) return error.message;
	const extra = unused.map(([name, value]) => `${name.replace(/_/g, ' ')}: ${formatValue(value)}`);
	return `${error.message} (${extra.join('; ')})`;
}

function fallbackMessage(failed: FailedResponse): string {
	return `The ${failed.serverName} answered HTTP ${failed.statusCode}`;
}

/** The parsed TTS error carried by a NodeApiError made by createApiError, if any. */
export function ttsErrorOf(error: unknown): TtsError | undefined {
	return (error as { ttsError?: TtsError } | undefined)?.ttsError;
}
