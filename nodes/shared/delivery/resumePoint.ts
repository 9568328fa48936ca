import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { ResumeSnapshot } from './resumeState';

/** Where one source of events (an event stream, a webhook) resumes after n8n restarts. */
export interface SourceResumePoint extends ResumeSnapshot {
	/** Watched entity (`application:app1`) → time (ms) of the newest event emitted for it. */
	anchors: Record<string, number>;
}

/** What a trigger emitted last, kept in the node's static data across restarts. */
export interface ResumePoint {
	/** The server and the watched entities it was saved for (see resumeScope). */
	scope: string;
	/** When it was written (ms). */
	savedAtMs: number;
	/** By source name, e.g. `cluster`, `identityServer`. */
	sources: Record<string, SourceResumePoint>;
}

/** Bounds on what is read back: the static data is the user's workflow, and may be edited. */
export const RESUME_POINT_LIMITS = {
	maxChars: 256 * 1024,
	maxSources: 8,
	maxKeys: 1024,
	maxKeyLength: 512,
	maxAnchors: 256,
};

const FORMAT_VERSION = 1;
// n8n tracks changes of the node's static data by its top-level keys only (n8n-workflow
// ObservableObject), so the point is kept as one string, replaced as a whole.
const STATIC_DATA_KEY = 'resumePoint';

/** Identifies the server and the watched entities, without spelling them out. */
export function resumeScope(serverUrl: string, entityKeys: readonly string[]): string {
	return createHash('sha256')
		.update([serverUrl, ...[...entityKeys].sort()].join('\n'))
		.digest('hex')
		.slice(0, 24);
}

export function serializeResumePoint(point: ResumePoint): string {
	const sources: Record<string, unknown> = {};
	for (const [name, source] of Object.entries(point.sources)) {
		sources[name] = {
			n: source.newestMs ?? null,
			f: source.floorMs ?? null,
			k: source.keys,
			a: source.anchors,
		};
	}
	return JSON.stringify({ v: FORMAT_VERSION, s: point.scope, t: point.savedAtMs, src: sources });
}

/** The resume point in `text`, or undefined when it is missing, of another format or out of bounds. */
export function parseResumePoint(text: unknown): ResumePoint | undefined {
	if (typeof text !== 'string' || text.length > RESUME_POINT_LIMITS.maxChars) return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (!isObject(parsed) || parsed.v !== FORMAT_VERSION) return undefined;
	if (typeof parsed.s !== 'string' || !isTime(parsed.t) || !isObject(parsed.src)) return undefined;
	const entries = Object.entries(parsed.src);
	if (entries.length > RESUME_POINT_LIMITS.maxSources) return undefined;
	const sources: Record<string, SourceResumePoint> = {};
	for (const [name, raw] of entries) {
		const source = parseSource(raw);
		if (!source) return undefined;
		sources[name] = source;
	}
	return { scope: parsed.s, savedAtMs: parsed.t, sources };
}

function parseSource(raw: unknown): SourceResumePoint | undefined {
	if (!isObject(raw)) return undefined;
	const { n: newestMs, f: floorMs, k: keys, a: anchors } = raw;
	if (newestMs !== null && !isTime(newestMs)) return undefined;
	if (floorMs !== null && !isTime(floorMs)) return undefined;
	if (!Array.isArray(keys) || keys.length > RESUME_POINT_LIMITS.maxKeys) return undefined;
	if (!keys.every(isKey)) return undefined;
	if (!isObject(anchors)) return undefined;
	const anchorEntries = Object.entries(anchors);
	if (anchorEntries.length > RESUME_POINT_LIMITS.maxAnchors) return undefined;
	if (!anchorEntries.every(([entity, time]) => isKey(entity) && isTime(time))) return undefined;
	return {
		newestMs: newestMs ?? undefined,
		floorMs: floorMs ?? undefined,
		keys: keys as string[],
		anchors: anchors as Record<string, number>,
	};
}

export type ResumePointLoad =
	| { status: 'found'; point: ResumePoint }
	| { status: 'none' }
	/** There was one, but for another server or other entities, or unreadable: not used. */
	| { status: 'discarded'; reason: 'other_scope' | 'unreadable' };

/**
 * Reads and writes the resume point in a node's static data (`getWorkflowStaticData('node')`).
 * n8n saves the static data when the trigger emits (not when it is deactivated), so the point
 * must be written before the emit it covers.
 */
export class ResumePointStore {
	constructor(
		private readonly staticData: IDataObject,
		private readonly scope: string,
	) {}

	load(): ResumePointLoad {
		const stored = this.staticData[STATIC_DATA_KEY];
		if (stored === undefined) return { status: 'none' };
		const point = parseResumePoint(stored);
		if (!point) return { status: 'discarded', reason: 'unreadable' };
		if (point.scope !== this.scope) return { status: 'discarded', reason: 'other_scope' };
		return { status: 'found', point };
	}

	save(sources: Record<string, SourceResumePoint>, savedAtMs: number): void {
		this.staticData[STATIC_DATA_KEY] = serializeResumePoint({
			scope: this.scope,
			savedAtMs,
			sources,
		});
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isKey(value: unknown): value is string {
	return (
		typeof value === 'string' &&
		value.length > 0 &&
		value.length <= RESUME_POINT_LIMITS.maxKeyLength
	);
}
