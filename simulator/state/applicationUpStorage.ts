import type { JsonObject } from '../encoding/json';

/** One upstream message the Storage Integration stored. */
export interface StoredApplicationUp {
	/** Increases with every stored message: what a continuation token continues after. */
	id: number;
	applicationId: string;
	deviceId: string;
	/** Which ApplicationUp message it is: `uplink_message`, `join_accept`, … */
	type: string;
	/** The FPort of the message, if it has one. */
	fPort: number | undefined;
	/** `received_at` of the ApplicationUp, in nanoseconds. */
	receivedAtNs: bigint;
	/** The database's clock when the message was stored: retention and write lag count from here. */
	storedAtMs: number;
	/** The ApplicationUp as the storage returns it. */
	up: JsonObject;
}

export interface StorageTimes {
	retentionMs: number;
	writeLagMs: number;
}

/** The Storage Integration's database of one tenant: stored upstream messages per application. */
export class ApplicationUpStorage {
	private readonly byApplication = new Map<string, StoredApplicationUp[]>();
	private lastId = 0;

	add(record: Omit<StoredApplicationUp, 'id'>): StoredApplicationUp {
		const stored = { ...record, id: ++this.lastId };
		const records = this.byApplication.get(record.applicationId) ?? [];
		records.push(stored);
		this.byApplication.set(record.applicationId, records);
		return stored;
	}

	/** Every message stored for the application, readable yet or not, in the order stored. */
	all(applicationId: string): readonly StoredApplicationUp[] {
		return this.byApplication.get(applicationId) ?? [];
	}

	/**
	 * The messages of an application (or of one of its devices) that can be read now, in the
	 * order they were stored: written (older than the write lag) and not yet past retention,
	 * which deletes them.
	 */
	readable(
		applicationId: string,
		deviceId: string | undefined,
		nowMs: number,
		times: StorageTimes,
	): StoredApplicationUp[] {
		const records = this.byApplication.get(applicationId) ?? [];
		const kept = records.filter((record) => record.storedAtMs + times.retentionMs > nowMs);
		if (kept.length !== records.length) this.byApplication.set(applicationId, kept);
		return kept.filter(
			(record) =>
				record.storedAtMs + times.writeLagMs <= nowMs &&
				(deviceId === undefined || record.deviceId === deviceId),
		);
	}
}
