import { performance } from 'node:perf_hooks';
import { Context, createContext, Script } from 'node:vm';
import type { JsonObject, JsonValue } from '../../../encoding/json';
import { TtsError, ttsError } from '../../../errors/ttsError';

/**
 * Runs payload formatter scripts as the Application Server's JavaScript engine does
 * (pkg/scripting/javascript/javascript.go, goja): every run gets a fresh global environment with
 * only the ECMAScript built-ins goja has (no require, process, console, timers, Intl or
 * WebAssembly), the whole run (script, then entrypoint) has a time limit, and the entrypoint's
 * result is exported to the Go type the caller names (vm.ExportTo).
 */

/** pkg/scripting/scripting.go DefaultOptions.Timeout. */
export const scriptTimeoutMs = 100;

/**
 * The Go type a result is exported to, as goja's toReflectValue converts it: `uint8` (ToNumber,
 * truncated, modulo 256), `string` (ToString), `any` (Export: objects to maps, arrays to lists),
 * `map` (map[string]any: an object's own enumerable keys), lists, pointers (null stays nil) and
 * structs (the named properties, read through the prototype chain).
 */
export type ValueShape =
	| 'uint8'
	| 'string'
	| 'any'
	| 'map'
	| { list: ValueShape }
	| { pointer: ValueShape }
	| { struct: Record<string, ValueShape> };

export interface ScriptRun {
	/** The whole program: the user's script and the wrapper that defines the entrypoint. */
	source: string;
	entrypoint: string;
	/** The entrypoint's argument. */
	input: JsonObject;
	/**
	 * Input fields that are Go pointers to numbers: goja's ToValue gives the script a Number
	 * object for those (runtime.go toValue), not a number, so `input.fPort === 2` is false.
	 */
	numberObjects?: string[];
	output: ValueShape;
	timeoutMs?: number;
}

/**
 * What the entrypoint returned, exported to the output shape; or, as goja's `valueAs` reports
 * it, why the export failed (no_script_output, or a runtime error naming the conversion).
 */
export type ScriptResult = { value: JsonValue } | { exportError: TtsError };

/** Marks values JSON cannot carry on their way out of the sandbox: see `exportedMarker`. */
const markerKey = '\u0000goja';

/** What an exported value stands for when JSON cannot carry it. */
export type ExportedMarker = 'NaN' | 'Infinity' | '-Infinity' | 'func' | 'time' | 'cycle';

/** The marker of an exported value, or undefined for a plain JSON value. */
export function exportedMarker(value: JsonValue | undefined): ExportedMarker | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const marker = value[markerKey];
	return typeof marker === 'string' ? (marker as ExportedMarker) : undefined;
}

// Runs first in every context, before the user's script. It removes the globals goja does not
// have and keeps, out of the script's reach, the built-ins the call and the export need.
const setupSource = `(function (global) {
	'use strict';
	for (const name of ['console', 'Intl', 'WebAssembly', 'SharedArrayBuffer', 'Atomics',
		'FinalizationRegistry', 'WeakRef', 'BigInt', 'BigInt64Array', 'BigUint64Array']) {
		delete global[name];
	}
	const marker = ${JSON.stringify(markerKey)};
	const { stringify, parse } = JSON;
	const { keys, defineProperty, freeze } = Object;
	const { apply } = Reflect;
	const { isArray } = Array;
	const { isView } = ArrayBuffer;
	const { trunc } = Math;
	const NumberObject = Number;
	const StringValue = String;
	const DateObject = Date;
	const MapObject = Map;
	const SetObject = Set;
	const BooleanObject = Boolean;
	const iterator = Symbol.iterator;
	const exec = RegExp.prototype.exec;
	const frameLine = /\\n\\s+at (.+)/;

	class ConversionError {
		constructor(message) {
			this.message = message;
		}
	}

	function isObject(value) {
		return (typeof value === 'object' && value !== null) || typeof value === 'function';
	}

	function text(value) {
		try {
			return StringValue(value);
		} catch (error) {
			return typeof value;
		}
	}

	function fail(value, type) {
		throw new ConversionError('could not convert ' + text(value) + ' to ' + type);
	}

	// goja Exception.Error(): the thrown value, then the innermost frame.
	function describe(thrown) {
		let frame;
		if (isObject(thrown)) {
			try {
				const stack = thrown.stack;
				const match = typeof stack === 'string' ? apply(exec, frameLine, [stack]) : null;
				if (match) frame = match[1];
			} catch (error) {
				frame = undefined;
			}
		}
		const message = text(thrown);
		return frame ? message + ' at ' + frame : message;
	}

	function toUint8(value) {
		const number = NumberObject(value);
		if (number !== number || number === Infinity || number === -Infinity) return 0;
		return ((trunc(number) % 256) + 256) % 256;
	}

	function utf8(value) {
		const bytes = [];
		for (let i = 0; i < value.length; i++) {
			let code = value.charCodeAt(i);
			if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
				const low = value.charCodeAt(i + 1);
				if (low >= 0xdc00 && low <= 0xdfff) {
					code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
					i++;
				}
			}
			if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
			if (code < 0x80) bytes.push(code);
			else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
			else if (code < 0x10000)
				bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
			else
				bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
		}
		return bytes;
	}

	// goja genericExportToArrayOrSlice: an iterable, else an array-like object.
	function elements(value, type) {
		if (!isObject(value)) fail(value, type);
		if (typeof value[iterator] === 'function') return [...value];
		if (typeof value === 'function' || value.length === undefined) fail(value, type);
		const list = [];
		const length = trunc(NumberObject(value.length)) || 0;
		for (let i = 0; i < length; i++) list.push(value[i]);
		return list;
	}

	// goja Export(), as goproto.Struct then sees it.
	function exportAny(value, ancestors) {
		if (value === undefined || value === null) return null;
		switch (typeof value) {
			case 'number':
				if (value !== value) return { [marker]: 'NaN' };
				if (value === Infinity) return { [marker]: 'Infinity' };
				if (value === -Infinity) return { [marker]: '-Infinity' };
				return value;
			case 'string':
			case 'boolean':
				return value;
			case 'function':
				return { [marker]: 'func' };
			case 'object':
				break;
			default:
				return null;
		}
		if (ancestors.includes(value)) return { [marker]: 'cycle' };
		const path = [...ancestors, value];
		if (value instanceof DateObject) return { [marker]: 'time' };
		if (value instanceof NumberObject || value instanceof StringValue || value instanceof BooleanObject)
			return exportAny(value.valueOf(), path);
		if (value instanceof MapObject)
			return [...value].map(([key, entry]) => [exportAny(key, path), exportAny(entry, path)]);
		if (value instanceof SetObject) return [...value].map((entry) => exportAny(entry, path));
		if (isArray(value) || isView(value)) {
			const list = [];
			for (let i = 0; i < value.length; i++) list.push(exportAny(value[i], path));
			return list;
		}
		const object = {};
		for (const key of keys(value)) object[key] = exportAny(value[key], path);
		return object;
	}

	function exportTo(value, shape) {
		if (value === undefined || value === null) return null;
		if (shape === 'any') return exportAny(value, []);
		if (shape === 'string') return text(value);
		if (shape === 'uint8') return toUint8(value);
		if (shape === 'map') {
			if (!isObject(value)) fail(value, 'map[string]interface {}');
			const object = {};
			if (value instanceof MapObject) {
				for (const [key, entry] of value) object[text(key)] = exportAny(entry, [value]);
			} else {
				for (const key of keys(value)) object[key] = exportAny(value[key], [value]);
			}
			return object;
		}
		if (shape.pointer) return exportTo(value, shape.pointer);
		if (shape.list) {
			if (shape.list === 'uint8' && typeof value === 'string') return utf8(value);
			const zero = shape.list === 'uint8' ? 0 : shape.list === 'string' ? '' : null;
			return elements(value, 'slice').map((element) => {
				const exported = exportTo(element, shape.list);
				return exported === null ? zero : exported;
			});
		}
		if (!isObject(value)) fail(value, 'struct');
		const struct = {};
		for (const field of keys(shape.struct)) struct[field] = exportTo(value[field], shape.struct[field]);
		return struct;
	}

	function call(argumentsJson) {
		const { entrypoint, input, numberObjects, shape } = parse(argumentsJson);
		const main = global[entrypoint];
		if (typeof main !== 'function') return stringify({ missing: true });
		for (const name of numberObjects) {
			if (input[name] !== null && input[name] !== undefined) input[name] = new NumberObject(input[name]);
		}
		let result;
		try {
			result = apply(main, undefined, [input]);
		} catch (thrown) {
			return stringify({ thrown: describe(thrown) });
		}
		if (result === undefined || result === null) return stringify({ noOutput: true });
		try {
			return stringify({ value: exportTo(result, shape) });
		} catch (error) {
			return stringify({ exportError: error instanceof ConversionError ? error.message : describe(error) });
		}
	}

	defineProperty(global, '__ttsSandbox', { value: freeze({ call, describe }) });
})(globalThis);`;

const setupScript = new Script(setupSource, { filename: 'sandbox-setup' });
const callScript = new Script('__ttsSandbox.call(__ttsArguments)', { filename: 'sandbox-call' });
const describeScript = new Script('__ttsSandbox.describe(__ttsThrown)', {
	filename: 'sandbox-describe',
});

const compiledPrograms = new Map<string, Script>();
const compiledProgramLimit = 256;

// The Application Server compiles formatter scripts on every run; keeping compiled programs only
// saves time, each run still starts in a fresh context.
function compile(source: string): Script {
	let script = compiledPrograms.get(source);
	if (!script) {
		script = new Script(source, { filename: '<eval>' });
		if (compiledPrograms.size >= compiledProgramLimit) {
			compiledPrograms.delete(compiledPrograms.keys().next().value as string);
		}
		compiledPrograms.set(source, script);
	}
	return script;
}

interface CallOutcome {
	missing?: true;
	thrown?: string;
	noOutput?: true;
	value?: JsonValue;
	exportError?: string;
}

function isTimeout(error: unknown): boolean {
	return (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/** A compile error: goja turns it into a SyntaxError exception (runtime.go compile). */
function syntaxError(error: unknown): TtsError {
	const { name, message, stack } = error as Error;
	const location = /^(<eval>:\d+)/.exec(String(stack ?? ''))?.[1];
	return ttsError('pkg/scripting/javascript:script', {
		message: `${name}: ${message}${location ? ` at ${location}` : ''}`,
	});
}

/**
 * How long a script that keeps timing out without using its time is run again: on a machine
 * loaded many times over its cores, one attempt can get a tenth of its wall time as CPU.
 */
const preemptedRetryWindowMs = 30_000;

/**
 * Runs `run.entrypoint(run.input)` of `run.source` in a fresh context. Throws the TTS error of a
 * script that does not compile, throws, runs out of time or has no such entrypoint.
 *
 * The Application Server's limit is wall time; on a busy test machine a script can spend it waiting
 * for the CPU. A timeout counts only when the script had the limit's worth of CPU time; otherwise
 * the run is repeated (formatters are pure functions of their input, in a fresh context each time),
 * so that a busy neighbour cannot make a correct script fail. A script that loops forever uses its
 * limit of CPU as soon as it gets a core, and fails then.
 */
export function runScript(run: ScriptRun): ScriptResult {
	const limit = run.timeoutMs ?? scriptTimeoutMs;
	const started = performance.now();
	for (;;) {
		const cpuBefore = process.cpuUsage();
		try {
			return runScriptOnce(run, limit);
		} catch (error) {
			const timedOut =
				error instanceof TtsError && error.id === 'pkg/scripting/javascript:script_timeout';
			if (!timedOut || performance.now() - started >= preemptedRetryWindowMs) throw error;
			const cpu = process.cpuUsage(cpuBefore);
			if ((cpu.user + cpu.system) / 1000 >= limit) throw error;
		}
	}
}

function runScriptOnce(run: ScriptRun, limit: number): ScriptResult {
	const started = performance.now();
	const remaining = () => {
		const left = Math.floor(limit - (performance.now() - started));
		if (left < 1) throw ttsError('pkg/scripting/javascript:script_timeout');
		return left;
	};
	const context: Context = createContext(Object.create(null) as object);
	setupScript.runInContext(context);
	let program: Script;
	try {
		program = compile(run.source);
	} catch (error) {
		throw syntaxError(error);
	}
	const inContext = <T>(script: Script): T => {
		try {
			return script.runInContext(context, { timeout: remaining() }) as T;
		} catch (error) {
			if (error instanceof TtsError) throw error;
			if (isTimeout(error)) throw ttsError('pkg/scripting/javascript:script_timeout');
			context.__ttsThrown = error;
			const message = describeScript.runInContext(context, { timeout: limit }) as string;
			throw ttsError('pkg/scripting/javascript:script', { message });
		}
	};
	inContext(program);
	context.__ttsArguments = JSON.stringify({
		entrypoint: run.entrypoint,
		input: run.input,
		numberObjects: run.numberObjects ?? [],
		shape: run.output,
	});
	const outcome = JSON.parse(inContext<string>(callScript)) as CallOutcome;
	if (outcome.missing) {
		throw ttsError('pkg/scripting/javascript:entrypoint_not_found', {
			entrypoint: run.entrypoint,
		});
	}
	if (outcome.thrown !== undefined) {
		throw ttsError('pkg/scripting/javascript:script', { message: outcome.thrown });
	}
	if (outcome.noOutput)
		return { exportError: ttsError('pkg/scripting/javascript:no_script_output') };
	if (outcome.exportError !== undefined) {
		return {
			exportError: ttsError('pkg/scripting/javascript:runtime', { message: outcome.exportError }),
		};
	}
	return { value: outcome.value ?? null };
}
