import { ALL_EVENTS_PRESET, EVENT_PRESETS } from './eventPresets';
import { compilePattern, isPattern } from './eventRouting';

/** The events a trigger listens for. */
export interface EventSelection {
	/** Every event: no name filter. */
	all: boolean;
	/** Exact names and `/regex/` filters, as TTS takes them in `names`; empty when `all`. */
	filters: string[];
}

// TTS event names: dot-separated lowercase words with digits, "_" and "-" (config/messages.json).
const EVENT_NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

/** Why a custom event filter cannot be used, or undefined when it can. */
export function findEventFilterProblem(filter: string): string | undefined {
	if (isPattern(filter)) {
		if (filter.length === 2) return 'The pattern "//" is empty';
		return undefined;
	}
	if (filter.startsWith('/')) {
		return `"${filter}" starts with "/" but does not end with one: write patterns as /regex/`;
	}
	if (!EVENT_NAME.test(filter)) {
		return `"${filter}" is not an event name (like as.up.data.forward) or a pattern (like /^gs\\.up\\./)`;
	}
	return undefined;
}

/** Combines the chosen presets and custom names or patterns. Throws for an unusable filter. */
export function selectEvents(presets: string[], custom: string[]): EventSelection {
	const filters = new Set<string>();
	for (const value of presets) {
		const preset = EVENT_PRESETS.find((candidate) => candidate.value === value);
		if (!preset) throw new Error(`Unknown event choice "${value}"`);
		if (preset.value === ALL_EVENTS_PRESET) return { all: true, filters: [] };
		preset.events.forEach((name) => filters.add(name));
	}
	for (const raw of custom) {
		const filter = raw.trim();
		if (filter === '') continue;
		const problem = findEventFilterProblem(filter);
		if (problem) throw new Error(problem);
		filters.add(filter);
	}
	return { all: false, filters: [...filters] };
}

/** Tests event names against a selection, as the server's `names` filter does. */
export function createEventMatcher(selection: EventSelection): (name: string) => boolean {
	if (selection.all) return () => true;
	const exact = new Set(selection.filters.filter((filter) => !isPattern(filter)));
	const patterns: RegExp[] = [];
	let matchesAnything = false;
	for (const filter of selection.filters.filter(isPattern)) {
		const pattern = compilePattern(filter);
		// RE2 syntax JavaScript cannot read: the server's filter alone decides.
		if (pattern) patterns.push(pattern);
		else matchesAnything = true;
	}
	if (matchesAnything) return () => true;
	if (patterns.length === 0) return (name) => exact.has(name);
	return (name) => exact.has(name) || patterns.some((pattern) => pattern.test(name));
}
