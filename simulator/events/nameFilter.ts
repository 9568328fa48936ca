import { ttsError } from '../errors/ttsError';
import { definedEventNames, definedEventNameSet } from '../spec/eventNames';

/**
 * pkg/events/grpc/grpc.go processNames: exact names must be defined, `/regex/` must compile
 * and match at least one defined name; returns the sorted expanded names, or undefined for all.
 */
export function expandEventNames(names: readonly string[]): string[] | undefined {
	if (names.length === 0) return undefined;
	const expanded = new Set<string>();
	for (const name of names) {
		if (name.length >= 2 && name.startsWith('/') && name.endsWith('/')) {
			const source = name.slice(1, -1);
			let pattern: RegExp;
			try {
				pattern = new RegExp(source);
			} catch {
				throw ttsError('pkg/events:invalid_regexp', { regexp: source });
			}
			const matching = definedEventNames.filter((defined) => pattern.test(defined));
			if (matching.length === 0)
				throw ttsError('pkg/events:no_matching_events', { regexp: source });
			matching.forEach((each) => expanded.add(each));
		} else {
			if (!definedEventNameSet.has(name)) throw ttsError('pkg/events:unknown_event_name', { name });
			expanded.add(name);
		}
	}
	return [...expanded].sort();
}
