import {
	countStoredRpc,
	getStoredRpc,
	storageRequestIssues,
} from '../components/packages/storageQuery';
import { fieldMaskPaths } from '../encoding/fieldMask';
import { isJsonObject, JsonObject, JsonValue } from '../encoding/json';
import { decodeValue, DecodeIssue } from '../encoding/requestDecoder';
import type { RequestLogEntry } from '../http/requestLog';
import { buildRequestMessage } from '../http/requestMessage';
import { allowedFieldMaskPaths } from '../spec/fieldMasks';
import { requestShapeOf } from '../spec/requestShapes';
import { RouteDefinition, RouteTable } from '../spec/routeTable';
import { entityIdPattern, userIdPattern } from '../components/common/validation';

export type ContractIssueKind =
	| 'unknown_route'
	| 'method_not_allowed'
	| 'path_parameter'
	| 'malformed_json'
	| 'forbidden_field_mask_paths'
	| DecodeIssue['kind']
	| 'ignored_body'
	| 'request_rule';

export interface ContractIssue {
	severity: 'violation' | 'warning';
	kind: ContractIssueKind;
	method: string;
	path: string;
	rpc?: string;
	/** Where in the request: `body.end_device.ids.dev_eui`, `query.limit`, `path.device_id`. */
	location: string;
	message: string;
}

const apiPrefix = '/api/v3';
// Validation rules of request messages that the spec files do not carry (proto validate rules).
const requestRules: Record<
	string,
	(message: JsonObject) => Array<{ field: string; reason: string }>
> = {
	[getStoredRpc]: (message) => storageRequestIssues(getStoredRpc, message),
	[countStoredRpc]: (message) => storageRequestIssues(countStoredRpc, message),
};
const wellFormedPath = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
const routeTable = new RouteTable();

/**
 * Checks one logged request against TTS's route table and request shapes (api.swagger.json,
 * api-definition.json): anything real TTS would reject as malformed is a violation; fields it
 * silently ignores (unknown body or query fields) are warnings.
 */
export function checkRequest(entry: RequestLogEntry): ContractIssue[] {
	const issues: ContractIssue[] = [];
	const report = (
		severity: ContractIssue['severity'],
		kind: ContractIssueKind,
		location: string,
		message: string,
		rpc?: string,
	) =>
		issues.push({ severity, kind, method: entry.method, path: entry.path, rpc, location, message });
	if (!entry.path.startsWith(apiPrefix)) {
		report(
			'violation',
			'unknown_route',
			'path',
			`not an API path (every route is under ${apiPrefix})`,
		);
		return issues;
	}
	const matches = routeTable.matchPath(entry.path.slice(apiPrefix.length));
	if (matches.length === 0) {
		report(
			'violation',
			'unknown_route',
			'path',
			`no TTS route matches ${entry.method} ${entry.path}`,
		);
		return issues;
	}
	const match = matches.find((candidate) => candidate.route.method === entry.method);
	if (!match) {
		const allowed = [...new Set(matches.map((candidate) => candidate.route.method))].join(', ');
		report(
			'violation',
			'method_not_allowed',
			'method',
			`${entry.method} is not allowed here (allowed: ${allowed})`,
		);
		return issues;
	}
	const { route } = match;
	const rpc = route.rpc;
	checkPathParameters(match.parameters, (location, message) =>
		report('violation', 'path_parameter', location, message, rpc),
	);
	const shape = requestShapeOf(route.method, route.pattern);
	let maskPaths: string[] | undefined;
	if (route.body === '*') {
		if (typeof entry.body === 'string') {
			report('violation', 'malformed_json', 'body', 'the body is not valid JSON');
		} else if (entry.body !== undefined && shape?.body) {
			if (!isJsonObject(entry.body)) {
				report('violation', 'type', 'body', 'the body must be a JSON object');
			} else {
				const decoded = decodeValue(shape.body, entry.body);
				decoded.violations.forEach((issue) =>
					report('violation', issue.kind, `body.${issue.path}`, issue.message, rpc),
				);
				decoded.warnings.forEach((issue) =>
					report('warning', issue.kind, `body.${issue.path}`, issue.message, rpc),
				);
				if (entry.body.field_mask !== undefined || entry.body.fieldMask !== undefined) {
					maskPaths = fieldMaskPaths((entry.body.field_mask ?? entry.body.fieldMask) as JsonValue);
				}
			}
		}
	} else {
		if (entry.body !== undefined && entry.rawBody.trim() !== '') {
			report('warning', 'ignored_body', 'body', `${rpc} takes no body; it is ignored`, rpc);
		}
		for (const [name, values] of Object.entries(entry.query)) {
			const spec = shape?.query?.[name] ?? shape?.query?.[name.replace(/\[[^\]]+\]$/, '[string]')];
			if (spec === undefined) {
				report(
					'warning',
					'unknown_field',
					`query.${name}`,
					`unknown query parameter ${name} (ignored)`,
					rpc,
				);
				continue;
			}
			if (name === 'field_mask') {
				maskPaths = values
					.flatMap((value) => value.split(','))
					.map((p) => p.trim())
					.filter(Boolean);
				const malformed = maskPaths.filter((p) => !wellFormedPath.test(p));
				if (malformed.length) {
					report(
						'violation',
						'field_mask',
						'query.field_mask',
						`malformed field mask paths: ${malformed.join(', ')}`,
						rpc,
					);
				}
				continue;
			}
			const decoded = decodeValue(spec, spec.startsWith('[]') ? values : values[values.length - 1]);
			decoded.violations.forEach((issue) =>
				report('violation', issue.kind, `query.${name}`, issue.message, rpc),
			);
		}
	}
	const rules = requestRules[rpc];
	if (rules && route.body !== '*') {
		const query = new URLSearchParams();
		for (const [name, values] of Object.entries(entry.query))
			values.forEach((value) => query.append(name, value));
		const { message } = buildRequestMessage(route, undefined, match.parameters, query);
		for (const issue of rules(message)) {
			const location = route.pathParameters.includes(issue.field)
				? `path.${issue.field}`
				: `query.${issue.field}`;
			report('violation', 'request_rule', location, `${issue.field}: ${issue.reason}`, rpc);
		}
	}
	if (maskPaths)
		checkFieldMask(route, maskPaths, (message) =>
			report('violation', 'forbidden_field_mask_paths', 'field_mask', message, rpc),
		);
	return issues;
}

function checkPathParameters(
	parameters: Record<string, string>,
	report: (location: string, message: string) => void,
): void {
	for (const [name, value] of Object.entries(parameters)) {
		const field = name.slice(name.lastIndexOf('.') + 1);
		const pattern =
			field === 'user_id'
				? userIdPattern
				: /^(application|device|gateway|organization|client|webhook)_id$/.test(field)
					? entityIdPattern
					: undefined;
		if (pattern && (!pattern.test(value) || value.length > 36)) {
			report(`path.${name}`, `${JSON.stringify(value)} is not a valid ${field}`);
		}
	}
}

function checkFieldMask(
	route: RouteDefinition,
	paths: string[],
	report: (message: string) => void,
): void {
	const allowed = allowedFieldMaskPaths(route.rpc);
	if (!allowed) return;
	const forbidden = paths.filter((path) => wellFormedPath.test(path) && !allowed.has(path));
	if (forbidden.length)
		report(`forbidden path(s) in field mask for ${route.rpc}: ${forbidden.join(', ')}`);
}

export interface ContractReport {
	violations: ContractIssue[];
	warnings: ContractIssue[];
}

export function checkRequests(entries: readonly RequestLogEntry[]): ContractReport {
	const issues = entries.flatMap(checkRequest);
	return {
		violations: issues.filter((issue) => issue.severity === 'violation'),
		warnings: issues.filter((issue) => issue.severity === 'warning'),
	};
}
