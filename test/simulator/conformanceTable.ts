/** One row of a table in simulator/CONFORMANCE.md. */
export interface ConformanceRow {
	/** `CONFORMANCE.md:42` */
	where: string;
	section: string;
	behaviour: string;
	/** `Service.Rpc` names of the RPC column, `Service.A/B` expanded. */
	rpcs: string[];
	/** The lorawan-stack column. */
	source: string;
	/** Files named in the Simulator column. */
	simulatorFiles: string[];
	/** `pending`, or the tests of the Pinned-by column. */
	pins: 'pending' | TestReference[];
}

export interface TestReference {
	file: string;
	name: string;
}

export const tableHeader = [
	'Behaviour',
	'RPC',
	'lorawan-stack v3.32.1',
	'Simulator',
	'Pinned by',
] as const;

/**
 * Reads every conformance table: a Markdown table whose header is `tableHeader`. A Pinned-by
 * cell is `pending` or one or more `` `test/….test.ts` › test name `` joined by `<br>`.
 */
export function readConformanceTables(markdown: string, fileName: string): ConformanceRow[] {
	const rows: ConformanceRow[] = [];
	let section = '';
	let inTable = false;
	markdown.split('\n').forEach((line, index) => {
		const where = `${fileName}:${index + 1}`;
		if (line.startsWith('#')) section = line.replace(/^#+\s*/, '');
		if (!line.startsWith('|')) {
			inTable = false;
			return;
		}
		const cells = splitRow(line);
		if (cells.join('|') === tableHeader.join('|')) {
			inTable = true;
			return;
		}
		if (!inTable || cells.every((cell) => /^:?-+:?$/.test(cell))) return;
		if (cells.length !== tableHeader.length) {
			throw new Error(`${where}: ${cells.length} cells, expected ${tableHeader.length}`);
		}
		const [behaviour, rpc, source, simulator, pinned] = cells;
		rows.push({
			where,
			section,
			behaviour,
			rpcs: rpcNames(rpc),
			source,
			simulatorFiles: [...simulator.matchAll(/`(simulator\/[^`\s]+)`/g)].map((match) => match[1]),
			pins: pinned === 'pending' ? 'pending' : testReferences(pinned, where),
		});
	});
	return rows;
}

function splitRow(line: string): string[] {
	return line
		.trim()
		.replace(/^\|/, '')
		.replace(/\|$/, '')
		.split(' | ')
		.map((cell) => cell.trim());
}

/** `` `EndDeviceRegistry.Get/Update` `` names EndDeviceRegistry.Get and EndDeviceRegistry.Update. */
export function rpcNames(cell: string): string[] {
	return [...cell.matchAll(/`([A-Z][A-Za-z]*)\.([A-Z][A-Za-z]*(?:\/[A-Z][A-Za-z]*)*)`/g)].flatMap(
		([, service, methods]) => methods.split('/').map((method) => `${service}.${method}`),
	);
}

function testReferences(cell: string, where: string): TestReference[] {
	return cell.split('<br>').map((entry) => {
		const match = /^`(test\/[^`]+\.test\.ts)` › (.+)$/.exec(entry.trim());
		if (!match) throw new Error(`${where}: "${entry}" is not \`test/….test.ts\` › test name`);
		return { file: match[1], name: match[2] };
	});
}
