import type { JsonValue } from '../encoding/json';

export type HostKind = 'combined' | 'identity' | 'cluster';

export interface RequestLogEntry {
	method: string;
	/** Path without the query string, including /api/v3. */
	path: string;
	/** Query parameters, repeated ones as several values. */
	query: Record<string, string[]>;
	/** The parsed JSON body, `undefined` without body; raw text when it is not JSON. */
	body: JsonValue | undefined;
	rawBody: string;
	/** Request headers without Authorization. */
	headers: Record<string, string>;
	status: number;
	/** is, ns, as, js, gs, edtc or other, from the path prefix as the JS SDK picks it. */
	component: string;
	tenant: string;
	host: HostKind;
	/** `Service.Rpc` when the route is known. */
	rpc?: string;
}

export class RequestLog {
	private readonly entries: RequestLogEntry[] = [];

	constructor(private readonly limit: number) {}

	add(entry: RequestLogEntry): void {
		this.entries.push(entry);
		// Trim in batches so a full log does not cost an array shift per request.
		if (this.entries.length > this.limit + 1000)
			this.entries.splice(0, this.entries.length - this.limit);
	}

	all(): RequestLogEntry[] {
		return this.entries.slice(-this.limit);
	}

	clear(): void {
		this.entries.length = 0;
	}
}
