import type { IDataObject } from 'n8n-workflow';

import type { ResumePoint } from '../../../../nodes/shared/delivery/resumePoint';
import {
	parseResumePoint,
	RESUME_POINT_LIMITS,
	ResumePointStore,
	resumeScope,
	serializeResumePoint,
} from '../../../../nodes/shared/delivery/resumePoint';

const point: ResumePoint = {
	scope: 'scope-1',
	savedAtMs: 1_727_784_000_000,
	sources: {
		cluster: {
			newestMs: 1_727_783_999_000,
			floorMs: 1_727_783_998_500,
			keys: ['01J9ZZZ', 'uplink_message:app1/dev1@2024-10-01T12:00:00.123456789Z'],
			anchors: { 'application:app1': 1_727_783_999_000 },
		},
		identityServer: { keys: [], anchors: {} },
	},
};

describe('resume point', () => {
	it('reads back what it wrote', () => {
		expect(parseResumePoint(serializeResumePoint(point))).toEqual(point);
	});

	it('is one string, so that n8n notices each change (it tracks top-level keys only)', () => {
		const staticData: IDataObject = {};
		new ResumePointStore(staticData, 'scope-1').save(point.sources, point.savedAtMs);
		expect(Object.keys(staticData)).toEqual(['resumePoint']);
		expect(typeof staticData.resumePoint).toBe('string');
	});

	it('is found again in the same scope only', () => {
		const staticData: IDataObject = {};
		new ResumePointStore(staticData, 'scope-1').save(point.sources, point.savedAtMs);
		expect(new ResumePointStore(staticData, 'scope-1').load()).toEqual({
			status: 'found',
			point,
		});
		expect(new ResumePointStore(staticData, 'scope-2').load()).toEqual({
			status: 'discarded',
			reason: 'other_scope',
		});
		expect(new ResumePointStore({}, 'scope-1').load()).toEqual({ status: 'none' });
	});

	it.each([
		['not a string', { not: 'a string' }],
		['not JSON', '{"v":1,'],
		['another format version', serializeResumePoint(point).replace('"v":1', '"v":2')],
		['a negative time', serializeResumePoint({ ...point, savedAtMs: -1 })],
		['a key that is not a string', serializeResumePoint(point).replace('"01J9ZZZ"', '42')],
		[
			'too many keys',
			serializeResumePoint({
				...point,
				sources: {
					cluster: {
						...point.sources.cluster,
						keys: Array.from(
							{ length: RESUME_POINT_LIMITS.maxKeys + 1 },
							(_, index) => `k${index}`,
						),
					},
				},
			}),
		],
		[
			'a key too long',
			serializeResumePoint({
				...point,
				sources: {
					cluster: {
						...point.sources.cluster,
						keys: ['k'.repeat(RESUME_POINT_LIMITS.maxKeyLength + 1)],
					},
				},
			}),
		],
		[
			'too long as a whole',
			`${serializeResumePoint(point)}${' '.repeat(RESUME_POINT_LIMITS.maxChars)}`,
		],
	])('is not used when it is %s', (_, stored) => {
		expect(parseResumePoint(stored)).toBeUndefined();
		expect(new ResumePointStore({ resumePoint: stored as string }, 'scope-1').load()).toEqual({
			status: 'discarded',
			reason: 'unreadable',
		});
	});

	it('names the server and the watched entities in its scope, in any order', () => {
		const scope = resumeScope('https://eu1.example', ['application:a', 'device:b/c']);
		expect(resumeScope('https://eu1.example', ['device:b/c', 'application:a'])).toBe(scope);
		expect(resumeScope('https://nam1.example', ['application:a', 'device:b/c'])).not.toBe(scope);
		expect(resumeScope('https://eu1.example', ['application:a'])).not.toBe(scope);
	});
});
