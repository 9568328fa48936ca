import type { Simulator } from '../../simulator';

export interface ApiResponse {
	status: number;
	headers: Headers;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are inspected freely in tests
	body: any;
	text: string;
}

export interface ApiOptions {
	key?: string;
	body?: unknown;
	headers?: Record<string, string>;
	/** Base URL; default the simulator's cluster URL. */
	base?: string;
}

export async function api(
	sim: Simulator,
	method: string,
	path: string,
	options: ApiOptions = {},
): Promise<ApiResponse> {
	const headers: Record<string, string> = { ...options.headers };
	if (options.key) headers.Authorization = `Bearer ${options.key}`;
	if (options.body !== undefined) headers['Content-Type'] = 'application/json';
	const response = await fetch(`${options.base ?? sim.url}/api/v3${path}`, {
		method,
		headers,
		body:
			options.body === undefined
				? undefined
				: typeof options.body === 'string'
					? options.body
					: JSON.stringify(options.body),
	});
	const text = await response.text();
	let body: unknown = undefined;
	try {
		body = text ? JSON.parse(text) : undefined;
	} catch {
		body = text;
	}
	return { status: response.status, headers: response.headers, body, text };
}

/** The TTS error name of a response body: `namespace:name`. */
export function errorName(response: ApiResponse): string {
	const details = response.body?.details?.[0];
	return details ? `${details.namespace}:${details.name}` : `(no details: ${response.text})`;
}

export interface EventStream {
	response: Response;
	/** Reads until `count` complete messages (split on the delimiter) have arrived. */
	messages(count: number): Promise<Array<Record<string, unknown>>>;
	/** Every byte received so far. */
	raw(): string;
	/** Reads until the server ends the stream; resolves with how it ended. */
	ended(): Promise<'end' | 'error'>;
	close(): void;
}

export async function openEventStream(
	url: string,
	key: string | undefined,
	request: unknown,
	accept = 'text/event-stream',
): Promise<EventStream> {
	const controller = new AbortController();
	const headers: Record<string, string> = { Accept: accept, 'Content-Type': 'application/json' };
	if (key) headers.Authorization = `Bearer ${key}`;
	const response = await fetch(`${url}/api/v3/events`, {
		method: 'POST',
		headers,
		body: JSON.stringify(request),
		signal: controller.signal,
	});
	const delimiter = accept.includes('text/event-stream') ? '\n\n' : '\n';
	const reader = response.body?.getReader();
	let received = '';
	let consumed = 0;
	let done = false;
	let failed = false;
	const pump = async (): Promise<boolean> => {
		if (!reader || done) return false;
		try {
			const chunk = await reader.read();
			if (chunk.done) {
				done = true;
				return false;
			}
			received += Buffer.from(chunk.value).toString('utf8');
			return true;
		} catch {
			done = true;
			failed = true;
			return false;
		}
	};
	return {
		response,
		raw: () => received,
		async messages(count) {
			const result: Array<Record<string, unknown>> = [];
			while (result.length < count) {
				const end = received.indexOf(delimiter, consumed);
				if (end >= 0) {
					result.push(JSON.parse(received.slice(consumed, end)));
					consumed = end + delimiter.length;
					continue;
				}
				if (!(await pump()))
					throw new Error(`stream ended after ${result.length} of ${count} messages: ${received}`);
			}
			return result;
		},
		async ended() {
			while (await pump()) {
				// keep reading
			}
			return failed ? 'error' : 'end';
		},
		close: () => controller.abort(),
	};
}

export const otaaDeviceBody = (applicationId: string, deviceId: string, devEui: string) => ({
	end_device: {
		ids: {
			device_id: deviceId,
			application_ids: { application_id: applicationId },
			dev_eui: devEui,
			join_eui: '0000000000000000',
		},
	},
});
