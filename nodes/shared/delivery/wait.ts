import { sleep } from 'n8n-workflow';

// n8n-workflow 2.x's sleep takes an AbortSignal and clears its timer on abort; 1.x ignores the
// argument. Waiting in slices bounds what a 1.x timer can outlive its trigger by.
const sleepUntilAborted = sleep as (ms: number, signal?: AbortSignal) => Promise<void>;
const MAX_SLICE_MS = 1_000;

/** Waits `ms` milliseconds, or less when `signal` aborts first. Never rejects. */
export async function wait(ms: number, signal: AbortSignal): Promise<void> {
	let remaining = ms;
	while (remaining > 0 && !signal.aborted) {
		const slice = Math.min(remaining, MAX_SLICE_MS);
		await untilAborted(sleepUntilAborted(slice, signal), signal);
		remaining -= slice;
	}
}

/** Settles when `promise` settles or `signal` aborts, whichever comes first. Never rejects. */
export async function untilAborted(promise: Promise<unknown>, signal: AbortSignal): Promise<void> {
	if (signal.aborted) return;
	await new Promise<void>((resolve) => {
		const done = () => {
			signal.removeEventListener('abort', done);
			resolve();
		};
		signal.addEventListener('abort', done, { once: true });
		promise.then(done, done);
	});
}
