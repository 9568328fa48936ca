#!/usr/bin/env node
// Generates the compact data files that the nodes and the simulator derive from the official
// The Things Stack spec files (api.swagger.json, api-definition.json, device-entity-map.json,
// messages.json). Usage: node scripts/generate-spec-data.mjs [specDir]
// The spec directory defaults to ../shared/tts-spec (relative to the repo root) and can be
// overridden by TTS_SPEC_DIR or the first argument. Outputs are committed so that a fresh clone
// builds and tests without the spec directory.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const specDir = resolve(
	process.argv[2] ?? process.env.TTS_SPEC_DIR ?? join(repoRoot, '..', 'shared', 'tts-spec'),
);
const origin = {
	repository: 'TheThingsNetwork/lorawan-stack',
	commit: '1d2182161975e038d6634b7dd4dd15fda86b1d68',
	release: 'v3.32.1',
};

if (!existsSync(join(specDir, 'api-definition.json'))) {
	console.error(`spec files not found in ${specDir} (set TTS_SPEC_DIR or pass the directory)`);
	process.exit(1);
}

const readSpec = (name) => JSON.parse(readFileSync(join(specDir, name), 'utf8'));
const swagger = readSpec('api.swagger.json');
const apiDefinition = readSpec('api-definition.json');
const deviceEntityMap = readSpec('device-entity-map.json');
const messages = readSpec('messages.json');

// ---------------------------------------------------------------------------------------------
// Field-mask path lists are prefix-closed trees; encoding them as `a,b(c,d(e))` keeps the 586
// Network Server paths at about 8 KB instead of 31 KB.
function encodePathTree(paths) {
	const root = new Map();
	for (const path of paths) {
		let node = root;
		for (const segment of path.split('.')) {
			if (!node.has(segment)) node.set(segment, new Map());
			node = node.get(segment);
		}
	}
	const encode = (node) =>
		[...node.entries()]
			.map(([segment, children]) => (children.size ? `${segment}(${encode(children)})` : segment))
			.join(',');
	return encode(root);
}

// ---------------------------------------------------------------------------------------------
// Routes: every HTTP binding of every RPC.
const routes = [];
const fieldMasks = {};
for (const [service, rpcs] of Object.entries(apiDefinition)) {
	for (const [rpc, definition] of Object.entries(rpcs)) {
		const name = `${service}.${rpc}`;
		if (definition.allowedFieldMaskPaths?.length) {
			fieldMasks[name] = encodePathTree(definition.allowedFieldMaskPaths);
		}
		for (const binding of definition.http) {
			if (!binding.pattern) continue;
			const route = [binding.method.toUpperCase(), binding.pattern, name];
			if (binding.body) route.push(binding.body);
			else if (binding.stream) route.push('');
			if (binding.stream) route.push('stream');
			routes.push(route);
		}
	}
}
routes.sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));

// ---------------------------------------------------------------------------------------------
// Request shapes from the swagger. Type specs are strings:
//   string | bool | int | int64 (JSON string or number) | number | timestamp | bytes (base64)
//   | hex:<n> (n bytes as hex or base64) | any (free-form object) | #<message or enum>
//   | []<spec> (array) | {}<spec> (map with string keys)
const definitions = swagger.definitions;
const usedMessages = {};
const usedEnums = {};
const hexExample = /^[0-9A-F]+$/;

function specOf(schema, inlineName) {
	if (schema.$ref) return refSpec(schema.$ref.replace('#/definitions/', ''));
	if (schema.enum) {
		usedEnums[inlineName] = schema.enum;
		return `#${inlineName}`;
	}
	switch (schema.type) {
		case 'boolean':
			return 'bool';
		case 'integer':
			return 'int';
		case 'number':
			return 'number';
		case 'array':
			return `[]${specOf(schema.items, inlineName)}`;
		case 'object':
			if (schema.additionalProperties) {
				return `{}${specOf(schema.additionalProperties, `${inlineName}.value`)}`;
			}
			if (!schema.properties) return 'any';
			usedMessages[inlineName] = messageFields(schema.properties, inlineName);
			return `#${inlineName}`;
		case 'string':
			if (schema.format === 'date-time') return 'timestamp';
			if (schema.format === 'byte') return 'bytes';
			if (schema.format === 'int64' || schema.format === 'uint64') return 'int64';
			if (schema.format === 'string' && hexExample.test(schema.example ?? '')) {
				return `hex:${schema.example.length / 2}`;
			}
			return 'string';
		default:
			return 'any';
	}
}

function refSpec(definitionName) {
	const definition = definitions[definitionName];
	if (definition.enum) {
		usedEnums[definitionName] = definition.enum;
		return `#${definitionName}`;
	}
	if (definition.type !== 'object' || !definition.properties)
		return specOf(definition, definitionName);
	if (definitionName === 'protobufAny') return 'any';
	if (!(definitionName in usedMessages)) {
		usedMessages[definitionName] = {};
		usedMessages[definitionName] = messageFields(definition.properties, definitionName);
	}
	return `#${definitionName}`;
}

function messageFields(properties, ownerName) {
	const fields = {};
	for (const [field, schema] of Object.entries(properties)) {
		fields[field] = specOf(schema, `${ownerName}.${field}`);
	}
	return fields;
}

const requestShapes = {};
for (const [path, methods] of Object.entries(swagger.paths)) {
	for (const [method, operation] of Object.entries(methods)) {
		const shape = {};
		for (const parameter of operation.parameters ?? []) {
			if (parameter.in === 'body') {
				shape.body = specOf(parameter.schema, `${operation.operationId}.body`);
			} else if (parameter.in === 'query') {
				shape.query ??= {};
				const schema =
					parameter.type === 'array'
						? { type: 'array', items: parameter.items }
						: { ...parameter, type: parameter.type };
				shape.query[parameter.name] = specOf(schema, `${operation.operationId}.${parameter.name}`);
			}
		}
		requestShapes[`${method.toUpperCase()} ${path}`] = shape;
	}
}

// ---------------------------------------------------------------------------------------------
// Errors the simulator emits (English message formats) and every defined event name.
const emittedErrors = [
	'pkg/auth:token',
	'pkg/auth/rights:no_application_rights',
	'pkg/auth/rights:insufficient_application_rights',
	'pkg/auth/rights:no_gateway_rights',
	'pkg/auth/rights:insufficient_gateway_rights',
	'pkg/auth/rights:no_organization_rights',
	'pkg/auth/rights:insufficient_organization_rights',
	'pkg/auth/rights:no_user_rights',
	'pkg/auth/rights:insufficient_user_rights',
	'pkg/auth/rights:no_client_rights',
	'pkg/auth/rights:insufficient_client_rights',
	'pkg/auth/rights:no_admin',
	'pkg/auth/rights:unauthenticated',
	'pkg/identityserver:api_key_not_found',
	'pkg/identityserver:invalid_authorization',
	'pkg/identityserver:api_key_expired',
	'pkg/identityserver:end_device_euis_taken',
	'pkg/identityserver:gateway_eui_taken',
	'pkg/identityserver:application_has_devices',
	'pkg/identityserver:admins_purge_applications',
	'pkg/identityserver:admins_purge_gateways',
	'pkg/identityserver:admins_purge_organizations',
	'pkg/identityserver:admins_purge_users',
	'pkg/identityserver:admins_purge_clients',
	'pkg/identityserver:network_server_address_mismatch',
	'pkg/identityserver:application_server_address_mismatch',
	'pkg/identityserver:join_server_address_mismatch',
	'pkg/identityserver:dev_eui_issuing_not_enabled',
	'pkg/identityserver/store:application_dev_eui_limit_reached',
	'pkg/identityserver:restore_window_expired',
	'pkg/identityserver:admins_create_gateways',
	'pkg/identityserver/blocklist:forbidden_id',
	'pkg/identityserver/store:application_not_found',
	'pkg/identityserver/store:end_device_not_found',
	'pkg/identityserver/store:gateway_not_found',
	'pkg/identityserver/store:organization_not_found',
	'pkg/identityserver/store:user_not_found',
	'pkg/identityserver/store:client_not_found',
	'pkg/identityserver/store:api_key_not_found',
	'pkg/util/store:id_taken',
	'pkg/rpcmiddleware/validator:field_mask_paths',
	'pkg/rpcmiddleware/validator:non_zero_path',
	'pkg/networkserver:device_not_found',
	'pkg/networkserver:field_value',
	'pkg/networkserver:field_is_zero',
	'pkg/networkserver:device_and_frequency_plan_band_mismatch',
	'pkg/applicationserver:device_not_found',
	'pkg/applicationserver:field_value',
	'pkg/applicationserver:no_device_session',
	'pkg/applicationserver:no_f_port',
	'pkg/applicationserver/io/grpc:payload_crypto_skipped',
	'pkg/applicationserver/io/grpc:simulated',
	'pkg/joinserver:device_not_found',
	'pkg/joinserver:field_value',
	'pkg/joinserver:duplicate_identifiers',
	'pkg/joinserver:no_join_eui',
	'pkg/joinserver:no_dev_eui',
	'pkg/gatewayserver:not_connected',
	'pkg/networkserver:downlink_queue_capacity',
	'pkg/events/grpc:no_identifiers',
	'pkg/events:unknown_event_name',
	'pkg/events:no_matching_events',
	'pkg/events:invalid_regexp',
	'pkg/ratelimit:rate_limit_exceeded',
	'pkg/frequencyplans:not_found',
	'pkg/band:band_not_found',
	'pkg/errors:validation',
	'pkg/types:invalid_length',
	'pkg/types:invalid_eui',
	'pkg/types:invalid_aes_key',
	'pkg/types:invalid_dev_addr',
	'pkg/redis:not_found',
	'pkg/applicationserver/io/packages/redis:invalid_fieldmask',
];
const errorFormats = {};
const missingErrors = [];
for (const id of emittedErrors) {
	const entry = messages[`error:${id}`];
	if (entry) errorFormats[id] = entry.translations.en;
	else missingErrors.push(id);
}
const eventNames = Object.keys(messages)
	.filter((key) => key.startsWith('event:'))
	.map((key) => key.slice('event:'.length))
	.sort();

// ---------------------------------------------------------------------------------------------
// End-device field map for the nodes: path -> get/set components, as a tree in which a node
// repeats its components only when they differ from its parent's.
const componentCode = (components) =>
	components === 'read_only' ? '-' : [].concat(components).sort().join('+');

function encodeEntityTree(node, inherited) {
	const entries = [];
	for (const [key, value] of Object.entries(node)) {
		if (key === '_root') continue;
		const leaf = Array.isArray(value) ? value : value._root;
		const code = `${componentCode(leaf[0])}/${componentCode(leaf[1])}`;
		let entry = code === inherited ? key : `${key}=${code}`;
		if (!Array.isArray(value)) entry += `(${encodeEntityTree(value, code)})`;
		entries.push(entry);
	}
	return entries.join(',');
}

function nodeFieldMapSource() {
	const allowed = (service, rpc) => apiDefinition[service][rpc].allowedFieldMaskPaths;
	const pathLists = {
		isUpdate: allowed('EndDeviceRegistry', 'Update'),
		isGet: allowed('EndDeviceRegistry', 'Get'),
		nsSet: allowed('NsEndDeviceRegistry', 'Set'),
		asSet: allowed('AsEndDeviceRegistry', 'Set'),
		jsSet: allowed('JsEndDeviceRegistry', 'Set'),
		nsGet: allowed('NsEndDeviceRegistry', 'Get'),
		asGet: allowed('AsEndDeviceRegistry', 'Get'),
		jsGet: allowed('JsEndDeviceRegistry', 'Get'),
	};
	const listLines = Object.entries(pathLists).map(
		([name, paths]) => `\t${name}: expandPathTree('${encodePathTree(paths)}'),`,
	);
	return `// Generated by scripts/generate-spec-data.mjs: do not edit.
// Origin: ${origin.repository} commit ${origin.commit} (${origin.release}),
// sdk/js/generated/device-entity-map.json and sdk/js/generated/api-definition.json.
//
// Encoding (to keep this file small):
// - Both are prefix trees written as 'a,b(c,d(e))', which expands to the paths
//   ['a', 'b', 'b.c', 'b.d', 'b.d.e'] (parents before children, in spec order).
// - In the device field tree a segment may carry '=<get>/<set>', each a '+'-joined list of
//   components ('as+is+js+ns') or '-' for read_only; a segment without it has its parent's value.
//   Paths are the dotted device-entity-map paths with '_root' entries as the parent path itself
//   (e.g. 'ids', 'ids.application_ids', 'session.keys.app_s_key.key').

export type Component = 'is' | 'ns' | 'as' | 'js';

export interface EndDeviceFieldComponents {
	get: Component[] | 'read_only';
	set: Component[] | 'read_only';
}

const deviceFieldTree =
	'${encodeEntityTree(deviceEntityMap, '')}';

function decodeComponents(code: string): Component[] | 'read_only' {
	return code === '-' ? 'read_only' : (code.split('+') as Component[]);
}

interface PathTreeEntry {
	path: string;
	annotation: string;
}

// Expands 'a=x,b(c,d=y(e))' into its paths, parents first, each with its '=' annotation ('' if none).
function expandAnnotatedTree(encoded: string): PathTreeEntry[] {
	const entries: PathTreeEntry[] = [];
	const parents: string[] = [];
	let token = '';
	const emit = () => {
		if (!token) return '';
		const [segment, annotation = ''] = token.split('=');
		entries.push({ path: [...parents, segment].join('.'), annotation });
		token = '';
		return segment;
	};
	for (const character of encoded) {
		if (character === '(') {
			parents.push(emit());
		} else if (character === ')' || character === ',') {
			emit();
			if (character === ')') parents.pop();
		} else {
			token += character;
		}
	}
	emit();
	return entries;
}

function expandPathTree(encoded: string): string[] {
	return expandAnnotatedTree(encoded).map((entry) => entry.path);
}

function buildFieldMap(): Record<string, EndDeviceFieldComponents> {
	const map: Record<string, EndDeviceFieldComponents> = {};
	const codes: Record<string, string> = {};
	for (const { path, annotation } of expandAnnotatedTree(deviceFieldTree)) {
		const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
		const code = annotation || codes[parent];
		codes[path] = code;
		const [get, set] = code.split('/');
		map[path] = { get: decodeComponents(get), set: decodeComponents(set) };
	}
	return map;
}

export const endDeviceFieldMap: Record<string, EndDeviceFieldComponents> = buildFieldMap();

export const endDeviceAllowedFieldMaskPaths: {
	isUpdate: string[];
	isGet: string[];
	nsSet: string[];
	asSet: string[];
	jsSet: string[];
	nsGet: string[];
	asGet: string[];
	jsGet: string[];
} = {
${listLines.join('\n')}
};
`;
}

// ---------------------------------------------------------------------------------------------
const simulatorDataDir = join(repoRoot, 'simulator', 'generated');
const nodesDataDir = join(repoRoot, 'nodes', 'shared', 'generated');
mkdirSync(simulatorDataDir, { recursive: true });
mkdirSync(nodesDataDir, { recursive: true });

const written = [];
// Event names by the server that publishes them, for the trigger: Identity Server events come
// from the Identity Server host, all others from the cluster (tts-api.md §8.1).
const identityServerPackages = /^pkg\/(identityserver|oauth|account)(\/|$)/;

function nodeEventNamesSource() {
	const byHost = { identity: [], cluster: [] };
	for (const name of eventNames) {
		const { package: goPackage } = messages[`event:${name}`].description ?? {};
		byHost[identityServerPackages.test(goPackage ?? '') ? 'identity' : 'cluster'].push(name);
	}
	const list = (names) => names.map((name) => `\t'${name}',`).join('\n');
	return `// Generated by scripts/generate-spec-data.mjs: do not edit.
// Origin: TheThingsNetwork/lorawan-stack commit ${origin.commit} (${origin.release}), config/messages.json
// (\`event:*\` keys and the Go package that defines each).

/** Events published by the Identity Server (${byHost.identity.length}). */
export const IDENTITY_SERVER_EVENT_NAMES: readonly string[] = [
${list(byHost.identity)}
];

/** Events published by the cluster: Gateway, Network, Application and Join Server (${byHost.cluster.length}). */
export const CLUSTER_EVENT_NAMES: readonly string[] = [
${list(byHost.cluster)}
];
`;
}

function writeJson(name, data) {
	const file = join(simulatorDataDir, name);
	writeFileSync(file, JSON.stringify({ origin, ...data }));
	written.push(file);
}
writeJson('routes.json', {
	format: '[method, pattern, service.rpc, body?, "stream"?]',
	routes,
});
writeJson('fieldMasks.json', {
	format: 'service.rpc -> allowed field-mask paths as a prefix tree "a,b(c,d(e))"',
	fieldMasks,
});
writeJson('requestShapes.json', {
	format:
		'type specs: string|bool|int|int64|number|timestamp|bytes|hex:<n>|any|#<message or enum>|[]<spec>|{}<spec>',
	requests: requestShapes,
	messages: usedMessages,
	enums: usedEnums,
});
writeJson('messages.json', { errors: errorFormats, events: eventNames });
const fieldMapFile = join(nodesDataDir, 'endDeviceFieldMap.ts');
writeFileSync(fieldMapFile, nodeFieldMapSource());
written.push(fieldMapFile);
const eventNamesFile = join(nodesDataDir, 'eventNames.ts');
writeFileSync(eventNamesFile, nodeEventNamesSource());
written.push(eventNamesFile);

// Prettier makes the output stable and readable; it is a devDependency of the project.
execFileSync(join(repoRoot, 'node_modules', '.bin', 'prettier'), ['--write', ...written], {
	cwd: repoRoot,
	stdio: 'ignore',
});
for (const file of written) console.log(`wrote ${file.slice(repoRoot.length + 1)}`);
if (missingErrors.length) {
	console.error(`errors not defined in messages.json: ${missingErrors.join(', ')}`);
	process.exitCode = 1;
}
