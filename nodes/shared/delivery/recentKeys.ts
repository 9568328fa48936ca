/**
 * The keys of the last `capacity` delivered items, oldest forgotten first: enough to recognise
 * an item that arrives again by another way (the Storage Integration and the event stream both
 * carry an uplink) within an outage's worth of traffic, in bounded memory.
 */
export class RecentKeys {
	private readonly keys = new Set<string>();

	constructor(private readonly capacity: number) {}

	has(key: string): boolean {
		return this.keys.has(key);
	}

	add(key: string): void {
		if (this.keys.has(key)) return;
		this.keys.add(key);
		if (this.keys.size > this.capacity) {
			this.keys.delete(this.keys.values().next().value as string);
		}
	}

	get size(): number {
		return this.keys.size;
	}
}
