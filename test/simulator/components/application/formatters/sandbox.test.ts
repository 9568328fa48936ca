import type { JsonObject } from '../../../../../simulator/encoding/json';
import { TtsError } from '../../../../../simulator/errors/ttsError';
import {
	exportedMarker,
	runScript,
	ScriptRun,
	scriptTimeoutMs,
	ValueShape,
} from '../../../../../simulator/components/application/formatters/sandbox';

const run = (source: string, output: ValueShape = 'any', extra: Partial<ScriptRun> = {}) =>
	runScript({ source, entrypoint: 'main', input: {}, output, ...extra });

/** The exported value of a run that succeeded. */
const valueOf = (source: string, output: ValueShape = 'any', extra: Partial<ScriptRun> = {}) => {
	const result = run(source, output, extra);
	if ('exportError' in result) throw result.exportError;
	return result.value;
};

function failure(action: () => unknown): TtsError {
	try {
		action();
	} catch (error) {
		if (error instanceof TtsError) return error;
		throw error;
	}
	throw new Error('no error');
}

describe('formatter sandbox (pkg/scripting/javascript)', () => {
	it('gives every run a fresh global environment of ECMAScript built-ins only, as goja has', () => {
		expect(valueOf('var leftover = 1; function main() { return {}; }')).toEqual({});
		expect(valueOf('function main() { return { leftover: typeof leftover }; }')).toEqual({
			leftover: 'undefined',
		});
		const globals = valueOf(`function main() {
			return [typeof require, typeof process, typeof console, typeof setTimeout, typeof Intl,
				typeof WebAssembly, typeof Buffer, typeof JSON, typeof Math, typeof Map, typeof Uint8Array];
		}`);
		expect(globals).toEqual([
			'undefined',
			'undefined',
			'undefined',
			'undefined',
			'undefined',
			'undefined',
			'undefined',
			'object',
			'object',
			'function',
			'function',
		]);
		// The constructor chain of the global object leads to the sandbox's Function, not Node's.
		expect(
			failure(() =>
				run('function main() { return this.constructor.constructor("return process")(); }'),
			).message,
		).toMatch(/ReferenceError: process is not defined/);
	});

	it('stops a script after the time limit of the Application Server (100 ms) with script_timeout', () => {
		expect(scriptTimeoutMs).toBe(100);
		const busy = `function main() {
			var start = Date.now();
			while (Date.now() - start < 300) {}
			return { done: true };
		}`;
		expect(failure(() => run(busy)).id).toBe('pkg/scripting/javascript:script_timeout');
		expect(failure(() => run('for (;;) {}\nfunction main() {}')).id).toBe(
			'pkg/scripting/javascript:script_timeout',
		);
		// The same script finishes under a longer limit: it is the limit that stopped it.
		expect(valueOf(busy, 'any', { timeoutMs: 5000 })).toEqual({ done: true });
	});

	it('reports what the script threw as a script error with the innermost frame, as goja does', () => {
		const thrown = failure(() =>
			run(
				'function decode() {\n  throw new Error("bad payload");\n}\nfunction main() { decode(); }',
			),
		);
		expect(thrown.id).toBe('pkg/scripting/javascript:script');
		expect(thrown.attributes.message).toBe('Error: bad payload at decode (<eval>:2:9)');
		expect(failure(() => run('function main() { throw "plain"; }')).attributes).toEqual({
			message: 'plain',
		});
		const syntax = failure(() => run('function main( {'));
		expect(syntax.id).toBe('pkg/scripting/javascript:script');
		expect(syntax.attributes.message).toMatch(/^SyntaxError: .+ at <eval>:1$/);
		expect(failure(() => run('var main = 1;')).id).toBe(
			'pkg/scripting/javascript:entrypoint_not_found',
		);
	});

	it('reports a missing result as no_script_output when exporting, not as a run failure', () => {
		const result = run('function main() { return null; }');
		expect('exportError' in result && result.exportError.id).toBe(
			'pkg/scripting/javascript:no_script_output',
		);
	});

	it('gives Go pointer fields to the script as Number objects, as goja ToValue does', () => {
		const seen = valueOf(
			'function main(input) { return [typeof input.fPort, input.fPort === 2, input.fPort == 2, input.fPort + 1]; }',
			'any',
			{ input: { fPort: 2 }, numberObjects: ['fPort'] },
		);
		expect(seen).toEqual(['object', false, true, 3]);
	});

	it('exports results to Go types as goja ExportTo converts them', () => {
		const bytes: ValueShape = { list: 'uint8' };
		expect(
			valueOf('function main() { return [1, 255, 256, -1, 1.9, "7", null, "x"]; }', bytes),
		).toEqual([1, 255, 0, 255, 1, 7, 0, 0]);
		expect(valueOf('function main() { return "é"; }', bytes)).toEqual([0xc3, 0xa9]);
		expect(valueOf('function main() { return new Uint8Array([5, 6]); }', bytes)).toEqual([5, 6]);
		const struct: ValueShape = {
			struct: {
				port: { pointer: 'uint8' },
				missing: { pointer: 'uint8' },
				names: { list: 'string' },
			},
		};
		expect(
			valueOf(
				'function main() { var base = { port: 300 }; var result = Object.create(base); result.names = [1, true]; return result; }',
				struct,
			),
		).toEqual({ port: 44, missing: null, names: ['1', 'true'] });
		const map = valueOf(
			'function main() { return { n: 1.5, s: "a", nested: { list: [1, undefined] }, gone: undefined, when: new Date(0), fn: function () {}, nan: NaN, inf: -Infinity, pairs: new Map([["k", 1]]) }; }',
			'map',
		) as JsonObject;
		expect(map).toMatchObject({
			n: 1.5,
			s: 'a',
			nested: { list: [1, null] },
			gone: null,
			pairs: [['k', 1]],
		});
		expect([map.when, map.fn, map.nan, map.inf].map(exportedMarker)).toEqual([
			'time',
			'func',
			'NaN',
			'-Infinity',
		]);
		const cyclic = valueOf(
			'function main() { var a = {}; a.self = a; return a; }',
			'map',
		) as JsonObject;
		expect(exportedMarker(cyclic.self)).toBe('cycle');
	});

	it('reports a result that does not convert as a runtime error of the export', () => {
		const result = run('function main() { return { bytes: 5 }; }', {
			struct: { bytes: { list: 'uint8' } },
		});
		expect('exportError' in result && result.exportError.id).toBe(
			'pkg/scripting/javascript:runtime',
		);
		expect('exportError' in result && result.exportError.attributes.message).toBe(
			'could not convert 5 to slice',
		);
		const notAMap = run('function main() { return 42; }', 'map');
		expect('exportError' in notAMap && notAMap.exportError.id).toBe(
			'pkg/scripting/javascript:runtime',
		);
	});
});
