import type { INodeProperties } from 'n8n-workflow';

export const CATCH_UP_HOURS_DEFAULT = 24;
export const STORAGE_DELAY_SECONDS_DEFAULT = 60;

/** The triggers' _Catch Up From Storage_ option; `missed` says what the trigger reads back. */
export function catchUpHoursOption(missed: string): INodeProperties {
	return {
		displayName: 'Catch Up From Storage (Hours)',
		name: 'catchUpHours',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: CATCH_UP_HOURS_DEFAULT,
		description: `How far back to read ${missed}, from the application's Storage Integration (0 = never). The Things Network keeps stored uplinks for 24 hours, The Things Stack Cloud for 30 days.`,
	};
}

/** The triggers' _Storage Integration Delay_ option; `waiting` says what waits for the read-back. */
export function storageDelayOption(waiting: string): INodeProperties {
	return {
		displayName: 'Storage Integration Delay (Seconds)',
		name: 'storageDelaySeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: STORAGE_DELAY_SECONDS_DEFAULT,
		description: `How long the Storage Integration may take to store an uplink (it writes in batches). ${waiting} waits up to this long for the missed uplinks, so that everything is emitted in order.`,
	};
}
