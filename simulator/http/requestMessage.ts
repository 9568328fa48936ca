import { decodeValue, DecodeIssue } from '../encoding/requestDecoder';
import { isJsonObject, JsonObject, JsonValue, setPath } from '../encoding/json';
import type { RouteDefinition } from '../spec/routeTable';
import { requestShapeOf } from '../spec/requestShapes';

export interface RequestMessage {
	message: JsonObject;
	violations: DecodeIssue[];
	warnings: DecodeIssue[];
}

/**
 * Builds the gRPC request message the way grpc-gateway does: the JSON body (for `body: "*"`),
 * then path parameters, then query parameters (dotted names, repeated values as arrays).
 */
export function buildRequestMessage(
	route: RouteDefinition,
	body: JsonValue | undefined,
	pathParameters: Record<string, string>,
	query: URLSearchParams,
): RequestMessage {
	const shape = requestShapeOf(route.method, route.pattern);
	const violations: DecodeIssue[] = [];
	const warnings: DecodeIssue[] = [];
	let message: JsonObject = {};
	if (route.body === '*' && body !== undefined && shape?.body) {
		const decoded = decodeValue(shape.body, body);
		violations.push(...decoded.violations);
		warnings.push(...decoded.warnings);
		if (isJsonObject(decoded.value)) message = decoded.value;
	}
	for (const [name, value] of Object.entries(pathParameters)) setPath(message, name, value);
	if (route.body !== '*') {
		for (const name of new Set(query.keys())) {
			const values = query.getAll(name);
			// grpc-gateway map parameters: `attributes_contain[key]=value`.
			const mapEntry = /^(.+)\[([^\]]+)\]$/.exec(name);
			if (mapEntry && shape?.query?.[`${mapEntry[1]}[string]`] !== undefined) {
				setPath(message, mapEntry[1], {
					...(isJsonObject(message[mapEntry[1]]) ? (message[mapEntry[1]] as JsonObject) : {}),
					[mapEntry[2]]: values[values.length - 1],
				});
				continue;
			}
			const spec = shape?.query?.[name];
			if (spec === undefined) {
				warnings.push({
					kind: 'unknown_field',
					path: name,
					message: `unknown query parameter ${name}`,
				});
				continue;
			}
			if (name === 'field_mask' || name.endsWith('.field_mask')) {
				const paths = values
					.flatMap((value) => value.split(','))
					.map((p) => p.trim())
					.filter(Boolean);
				setPath(message, name, { paths });
				continue;
			}
			const input: JsonValue = spec.startsWith('[]') ? values : values[values.length - 1];
			const decoded = decodeValue(spec, input);
			violations.push(...decoded.violations.map((issue) => ({ ...issue, path: name })));
			if (decoded.value !== null) setPath(message, name, decoded.value);
		}
	}
	return { message, violations, warnings };
}
