import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createHandlers } from '../../simulator/components/handlers';
import { routeDefinitions } from '../../simulator/spec/routeTable';
import { ConformanceRow, readConformanceTables } from './conformanceTable';
import { nodeApiPaths, pathFitsRoute, pathFitsRouteWithValues } from './nodeEndpoints';

const repoRoot = join(__dirname, '..', '..');
const conformanceFile = 'simulator/CONFORMANCE.md';

// simulator/CONFORMANCE.md maps every behaviour of The Things Stack the nodes rely on to the
// lorawan-stack source it follows, the simulator code and the test that pins it. This keeps it
// complete and true: a new endpoint, a renamed test or a moved file fails here.
describe('simulator/CONFORMANCE.md', () => {
	const rows: ConformanceRow[] = readConformanceTables(
		readFileSync(join(repoRoot, conformanceFile), 'utf8'),
		conformanceFile,
	);
	const documented = new Set(rows.flatMap((row) => row.rpcs));
	const implemented = new Set(createHandlers().keys());
	const routedRpcs = new Set(routeDefinitions.map((route) => route.rpc));

	it('has a row for every RPC the simulator implements', () => {
		expect([...implemented].filter((rpc) => !documented.has(rpc)).sort()).toEqual([]);
	});

	it('has a row for every endpoint the nodes and the credential can call', () => {
		const firstSegments = new Set(routeDefinitions.map((route) => route.pattern.split('/')[1]));
		const nodePaths = nodeApiPaths(firstSegments);
		expect(nodePaths.length).toBeGreaterThan(0);
		const problems: string[] = [];
		for (const { where, paths, method } of nodePaths) {
			const withMethod = routeDefinitions.filter(
				(route) => method === undefined || route.method === method,
			);
			const exactRoutes = withMethod.filter((route) =>
				paths.some((path) => pathFitsRoute(path, route)),
			);
			// A literal where the route has a parameter counts only when no route names it literally.
			const routes = exactRoutes.length
				? exactRoutes
				: withMethod.filter((route) => paths.some((path) => pathFitsRouteWithValues(path, route)));
			if (routes.length === 0) {
				problems.push(`${where}: ${method ?? 'any method'} ${paths.join(' | ')} is no TTS route`);
				continue;
			}
			// With its method known, a call must reach a route the simulator answers; otherwise at
			// least one of the routes of that path must be answered (the others are not called).
			const callable = routes.filter((route) => implemented.has(route.rpc));
			const unanswered = method === undefined ? (callable.length ? [] : routes) : routes;
			for (const route of unanswered.filter((each) => !implemented.has(each.rpc))) {
				problems.push(`${where}: ${route.method} ${route.pattern} (${route.rpc}) is not simulated`);
			}
			for (const route of callable.filter((each) => !documented.has(each.rpc))) {
				problems.push(`${where}: ${route.rpc} has no row`);
			}
		}
		expect(problems).toEqual([]);
	}, 120_000); // type-checks nodes/ and credentials/

	it('names only RPCs that exist', () => {
		expect([...documented].filter((rpc) => !routedRpcs.has(rpc) && !implemented.has(rpc))).toEqual(
			[],
		);
	});

	it('cites the lorawan-stack source and existing simulator files in every row', () => {
		const problems = rows.flatMap((row) => [
			...(/\b(pkg|api|cmd|is)\/[\w/.-]+\.(go|proto|sql)\b/.test(row.source)
				? []
				: [`${row.where}: no lorawan-stack file in "${row.source}"`]),
			...(row.simulatorFiles.length === 0 ? [`${row.where}: no simulator file`] : []),
			...row.simulatorFiles
				.filter((file) => !existsSync(join(repoRoot, file)))
				.map((file) => `${row.where}: ${file} does not exist`),
		]);
		expect(problems).toEqual([]);
	});

	it('names tests that exist, except in rows marked pending', () => {
		const problems: string[] = [];
		for (const row of rows) {
			if (row.pins === 'pending') continue;
			for (const { file, name } of row.pins) {
				const path = join(repoRoot, file);
				if (!existsSync(path)) {
					problems.push(`${row.where}: ${file} does not exist`);
					continue;
				}
				const source = readFileSync(path, 'utf8');
				const quoted = ["'", '"', '`'].some((quote) => source.includes(`${quote}${name}${quote}`));
				if (!quoted) problems.push(`${row.where}: no test "${name}" in ${file}`);
			}
		}
		expect(problems).toEqual([]);
	});
});
