/**
 * The keys of the last `capacity` delivered items, oldest forgotten first: enough to recognise
 * an item that arrives again by another way (the Storage Integration and the event stream both
 * carry an uplink) within an outage's worth of traffic, in bounded memory.
 */
export class RecentKeys {
	private readonly keys = new Set<string>();
	// The order to forget them in. Not the Set's own order: V8 leaves a hole for each entry
	// deleted at the front of a Set, which every later walk from the front steps over again.
	private readonly order: string[] = [];
	private next = 0;

	constructor(private readonly capacity: number) {}

	has(key: string): boolean {
		return this.keys.has(key);
	}

	add(key: string): void {
		if (this.keys.has(key)) return;
		if (this.order.length < this.capacity) {
			this.order.push(key);
		} else {
			this.keys.delete(this.order[this.next]);
			this.order[this.next] = key;
			this.next = (this.next + 1) % this.capacity;
		}
		this.keys.add(key);
	}

	get size(): number {
		return this.keys.size;
	}
}
