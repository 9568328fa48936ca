import { pickPaths } from '../../../encoding/fieldMask';
import { isJsonObject, JsonObject } from '../../../encoding/json';
import { maskAt, stringAt } from '../../common/messageFields';
import { WEBHOOK_MESSAGE_TYPES } from './registry';

export interface WebhookRequest {
	url: string;
	headers: Record<string, string>;
	body: string;
}

/** Where the downlink queue operations of webhooks are served (io/web/config.go DownlinksConfig). */
export interface DownlinkAddress {
	/** `as.webhooks.downlink.public-address`, e.g. `https://eu1.cloud.thethings.network/api/v3`. */
	publicAddress: string;
}

// The formats the simulator can write; format_protobuf.go also registers `protobuf`.
const CONTENT_TYPES: Record<string, string> = { json: 'application/json' };

/** Which message type an ApplicationUp carries (its `up` oneof). */
export function messageTypeOf(up: JsonObject): string | undefined {
	return WEBHOOK_MESSAGE_TYPES.find((type) => up[type] !== undefined);
}

/**
 * pkg/applicationserver/io/web/request.go NewRequest: the POST one webhook makes for one
 * ApplicationUp, or undefined when the webhook does not subscribe to its message type (or uses a
 * format the simulator cannot write, which it reports through `unsupportedFormat`).
 */
export function buildWebhookRequest(
	up: JsonObject,
	hook: JsonObject,
	downlinks: DownlinkAddress,
): WebhookRequest | { unsupportedFormat: string } | undefined {
	const type = messageTypeOf(up);
	const message = type ? hook[type] : undefined;
	if (!type || !isJsonObject(message)) return undefined;
	const format = stringAt(hook, 'format');
	const contentType = CONTENT_TYPES[format];
	if (!contentType) return { unsupportedFormat: format };
	const url = joinUrl(
		expandVariables(stringAt(hook, 'base_url'), up),
		expandVariables(stringAt(message, 'path'), up),
	);
	const body = JSON.stringify(applyFieldMask(up, maskAt(hook), type));
	// http.Header.Set canonicalizes the names; Content-Type is set last and wins.
	const headers: Record<string, string> = {};
	const set = (name: string, value: string) => (headers[canonicalHeaderName(name)] = value);
	const configured = isJsonObject(hook.headers) ? hook.headers : {};
	for (const [name, value] of Object.entries(configured)) set(name, String(value));
	const deviceIds = isJsonObject(up.end_device_ids) ? up.end_device_ids : {};
	const downlinkApiKey = stringAt(hook, 'downlink_api_key');
	if (downlinkApiKey) {
		set('X-Downlink-Apikey', downlinkApiKey);
		set('X-Downlink-Push', downlinkUrl(downlinks, hook, deviceIds, 'push'));
		set('X-Downlink-Replace', downlinkUrl(downlinks, hook, deviceIds, 'replace'));
	}
	const domain = domainOf(downlinks.publicAddress);
	if (domain) set('X-Tts-Domain', domain);
	set('Content-Type', contentType);
	return { url, headers, body };
}

// request.go: a path with a leading slash is still relative to the base URL's path, and a path
// never replaces the last segment of the base URL.
function joinUrl(base: string, path: string): string {
	let baseUrl = new URL(base);
	let relative = path;
	const pathPart = relative.split(/[?#]/, 1)[0];
	if (pathPart.startsWith('/')) {
		relative = relative.replace(/^\/+/, '');
		if (!baseUrl.pathname.endsWith('/')) baseUrl = withPath(baseUrl, `${baseUrl.pathname}/`);
	}
	if (relative.split(/[?#]/, 1)[0] !== '' && !baseUrl.pathname.endsWith('/')) {
		baseUrl = withPath(baseUrl, `${baseUrl.pathname}/`);
	}
	return new URL(relative, baseUrl).toString();
}

function withPath(url: URL, pathname: string): URL {
	const copy = new URL(url.toString());
	copy.pathname = pathname;
	return copy;
}

// request.go expandVariables: the base URL and the path are RFC 6570 URI templates (level 3, as
// github.com/jtacoma/uritemplates expands them) over the end device's identifiers.
function expandVariables(template: string, up: JsonObject): string {
	const ids = isJsonObject(up.end_device_ids) ? up.end_device_ids : {};
	const applicationId = stringAt(ids, 'application_ids.application_id');
	const values: Record<string, string> = {
		appID: applicationId,
		applicationID: applicationId,
		appEUI: stringAt(ids, 'join_eui'),
		joinEUI: stringAt(ids, 'join_eui'),
		devID: stringAt(ids, 'device_id'),
		deviceID: stringAt(ids, 'device_id'),
		devEUI: stringAt(ids, 'dev_eui'),
		devAddr: stringAt(ids, 'dev_addr'),
	};
	return template.replace(/\{([+#./;?&]?)([^}]*)\}/g, (_, operator: string, list: string) => {
		const rule = TEMPLATE_OPERATORS[operator];
		const parts = list
			.split(',')
			.map((spec) => spec.replace(/(:\d+|\*)$/, ''))
			.filter((name) => values[name] !== undefined)
			.map((name) => {
				const value = encodeTemplateValue(values[name], rule.allowReserved);
				if (!rule.named) return value;
				return value === '' ? `${name}${rule.ifEmpty}` : `${name}=${value}`;
			});
		return parts.length === 0 ? '' : `${rule.first}${parts.join(rule.separator)}`;
	});
}

interface TemplateOperator {
	first: string;
	separator: string;
	named: boolean;
	ifEmpty: string;
	allowReserved: boolean;
}

// RFC 6570 appendix A.
const TEMPLATE_OPERATORS: Record<string, TemplateOperator> = {
	'': { first: '', separator: ',', named: false, ifEmpty: '', allowReserved: false },
	'+': { first: '', separator: ',', named: false, ifEmpty: '', allowReserved: true },
	'#': { first: '#', separator: ',', named: false, ifEmpty: '', allowReserved: true },
	'.': { first: '.', separator: '.', named: false, ifEmpty: '', allowReserved: false },
	'/': { first: '/', separator: '/', named: false, ifEmpty: '', allowReserved: false },
	';': { first: ';', separator: ';', named: true, ifEmpty: '', allowReserved: false },
	'?': { first: '?', separator: '&', named: true, ifEmpty: '=', allowReserved: false },
	'&': { first: '&', separator: '&', named: true, ifEmpty: '=', allowReserved: false },
};

function encodeTemplateValue(value: string, allowReserved: boolean): string {
	const kept = allowReserved ? /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/ : /[A-Za-z0-9\-._~]/;
	return [...value]
		.map((character) =>
			kept.test(character)
				? character
				: [...Buffer.from(character, 'utf8')]
						.map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
						.join(''),
		)
		.join('');
}

/**
 * request.go: the webhook's field mask keeps the listed ApplicationUp paths; paths below `up`
 * (the message oneof, e.g. `up.uplink_message.decoded_payload`) count only for the message type
 * at hand.
 */
function applyFieldMask(up: JsonObject, paths: string[], type: string): JsonObject {
	const message: JsonObject = { ...up };
	delete message['@type'];
	if (paths.length === 0) return message;
	const kept = paths.flatMap((path) => {
		if (!path.startsWith('up.')) return [path];
		const inner = path.slice('up.'.length);
		return inner === type || inner.startsWith(`${type}.`) ? [inner] : [];
	});
	if (kept.includes('up')) kept.push(type);
	return pickPaths(message, kept);
}

// io/web/config.go DownlinksConfig.URL.
function downlinkUrl(
	downlinks: DownlinkAddress,
	hook: JsonObject,
	deviceIds: JsonObject,
	operation: 'push' | 'replace',
): string {
	const applicationId = stringAt(hook, 'ids.application_ids.application_id');
	const webhookId = stringAt(hook, 'ids.webhook_id');
	const deviceId = stringAt(deviceIds, 'device_id');
	return `${downlinks.publicAddress}/as/applications/${applicationId}/webhooks/${webhookId}/devices/${deviceId}/down/${operation}`;
}

// io/web/config.go DownlinksConfig.Domain: the host of the public address.
function domainOf(publicAddress: string): string {
	try {
		return new URL(publicAddress).host;
	} catch {
		return '';
	}
}

// net/textproto CanonicalMIMEHeaderKey: `x-n8n-token` is sent as `X-N8n-Token`.
function canonicalHeaderName(name: string): string {
	if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) return name;
	return name
		.split('-')
		.map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
		.join('-');
}
