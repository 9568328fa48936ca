/**
 * pkg/workerpool as sink/pool.go uses it: at most `workers` tasks run at once, up to `queueSize`
 * wait, and a task that finds both full is refused (`pool_full`). Tasks run in no fixed order
 * relative to each other, as the stack's workers do.
 */
export class WorkerPool {
	private running = 0;
	private readonly queue: Array<() => Promise<void>> = [];
	private readonly idleWaiters: Array<() => void> = [];

	constructor(private readonly limits: () => { workers: number; queueSize: number }) {}

	/** Starts or queues the task; false when the pool is full. */
	publish(task: () => Promise<void>): boolean {
		const { workers, queueSize } = this.limits();
		if (this.running < workers) {
			this.run(task);
			return true;
		}
		if (this.queue.length >= queueSize) return false;
		this.queue.push(task);
		return true;
	}

	/** Resolves once no task runs or waits. */
	async idle(): Promise<void> {
		if (this.running === 0 && this.queue.length === 0) return;
		await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
	}

	private run(task: () => Promise<void>): void {
		this.running++;
		void task()
			.catch(() => undefined)
			.finally(() => {
				this.running--;
				const next = this.queue.shift();
				if (next) this.run(next);
				else if (this.running === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
			});
	}
}
