import generatedRoutes from '../generated/routes.json';

export interface RouteDefinition {
	method: string;
	pattern: string;
	/** `Service.Rpc`, e.g. `NsEndDeviceRegistry.Set`. */
	rpc: string;
	/** `*` when the request message is the JSON body, '' when there is no body binding. */
	body: string;
	stream: boolean;
	/** Request-message field paths filled from path segments, in order. */
	pathParameters: string[];
	/** Literal segments or null for a parameter. */
	segments: Array<string | null>;
}

export interface RouteMatch {
	route: RouteDefinition;
	parameters: Record<string, string>;
}

function compile(row: string[]): RouteDefinition {
	const [method, pattern, rpc, body = '', stream] = row;
	const pathParameters: string[] = [];
	const segments = pattern
		.split('/')
		.slice(1)
		.map((segment) => {
			const parameter = /^\{([^}=]+)\}$/.exec(segment);
			if (!parameter) return segment;
			pathParameters.push(parameter[1]);
			return null;
		});
	return { method, pattern, rpc, body, stream: stream === 'stream', pathParameters, segments };
}

export const routeDefinitions: RouteDefinition[] = (generatedRoutes.routes as string[][]).map(
	compile,
);

/** Routes indexed by segment count; literal segments win over parameters, as in TTS. */
export class RouteTable {
	private readonly bySegmentCount = new Map<number, RouteDefinition[]>();

	constructor(routes: readonly RouteDefinition[] = routeDefinitions) {
		for (const route of routes) {
			const bucket = this.bySegmentCount.get(route.segments.length) ?? [];
			bucket.push(route);
			this.bySegmentCount.set(route.segments.length, bucket);
		}
		for (const bucket of this.bySegmentCount.values()) {
			bucket.sort((a, b) => specificity(b) - specificity(a));
		}
	}

	/** All routes whose pattern matches the path, most specific first, whatever their method. */
	matchPath(path: string): RouteMatch[] {
		const segments = path.split('/').slice(1).map(decodeSegment);
		const matches: RouteMatch[] = [];
		for (const route of this.bySegmentCount.get(segments.length) ?? []) {
			const parameters = matchSegments(route, segments);
			if (parameters) matches.push({ route, parameters });
		}
		return matches;
	}
}

function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

function specificity(route: RouteDefinition): number {
	// Earlier literal segments weigh more: /devices/batch beats /devices/{device_id}.
	return route.segments.reduce<number>(
		(score, segment, index) => score + (segment === null ? 0 : 2 ** (20 - index)),
		0,
	);
}

function matchSegments(route: RouteDefinition, segments: string[]): Record<string, string> | null {
	const parameters: Record<string, string> = {};
	let parameterIndex = 0;
	for (let index = 0; index < segments.length; index++) {
		const expected = route.segments[index];
		if (expected === null) {
			if (segments[index] === '') return null;
			parameters[route.pathParameters[parameterIndex++]] = segments[index];
		} else if (expected !== segments[index]) {
			return null;
		}
	}
	return parameters;
}
