// A small assertion layer for the checks: each helper throws a CheckFailure with a readable
// message (what was expected, what was found) and returns the value it checked, so checks chain.
import { isDeepStrictEqual, inspect } from 'node:util';

export class CheckFailure extends Error {
	name = 'CheckFailure';
}

const show = (value) => inspect(value, { depth: 6, breakLength: 100, maxArrayLength: 20 });

export function fail(message) {
	throw new CheckFailure(message);
}

export function ok(value, message) {
	if (!value) fail(message ?? `expected a truthy value, got ${show(value)}`);
	return value;
}

export function equal(actual, expected, what = 'value') {
	if (!isDeepStrictEqual(actual, expected)) {
		fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
	}
	return actual;
}

export function match(actual, pattern, what = 'value') {
	if (typeof actual !== 'string' || !pattern.test(actual)) {
		fail(`${what}: expected a string matching ${pattern}, got ${show(actual)}`);
	}
	return actual;
}

export function atLeast(actual, minimum, what = 'value') {
	if (typeof actual !== 'number' || !(actual >= minimum)) {
		fail(`${what}: expected at least ${minimum}, got ${show(actual)}`);
	}
	return actual;
}

/** `actual` holds every key of `expected` with an equal value (recursively for plain objects). */
export function subset(actual, expected, what = 'value') {
	const mismatch = findMismatch(actual, expected, what);
	if (mismatch) fail(mismatch);
	return actual;
}

function findMismatch(actual, expected, path) {
	if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
		if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
			return `${path}: expected an object like ${show(expected)}, got ${show(actual)}`;
		}
		for (const [key, value] of Object.entries(expected)) {
			const mismatch = findMismatch(actual[key], value, `${path}.${key}`);
			if (mismatch) return mismatch;
		}
		return undefined;
	}
	if (expected instanceof RegExp) {
		return typeof actual === 'string' && expected.test(actual)
			? undefined
			: `${path}: expected a string matching ${expected}, got ${show(actual)}`;
	}
	return isDeepStrictEqual(actual, expected)
		? undefined
		: `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

/** Polls `probe` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function eventually(probe, { timeoutMs = 30_000, intervalMs = 500, what } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value;
			last = undefined;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline) {
			fail(
				`${what ?? 'condition'} not reached within ${timeoutMs} ms${last ? `: ${last.message}` : ''}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
