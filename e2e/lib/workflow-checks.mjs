// Runs one workflow's checks (e2e/checks/<name>.mjs) on a line. The context `t` a check module
// gets is described in e2e/README.md.
import * as assert from './assert.mjs';
import { E2E_OWNER } from './owner.mjs';

/** Items of a node's first main output in a run (IRun), or a CheckFailure if it did not run. */
export function nodeOutput(run, nodeName, { output = 0, runIndex = 0 } = {}) {
	const task = nodeTask(run, nodeName, runIndex);
	if (task.error) assert.fail(`node "${nodeName}" failed: ${task.error.message}`);
	return (task.data?.main?.[output] ?? []).map((item) => item.json);
}

export function nodeError(run, nodeName, runIndex = 0) {
	return nodeTask(run, nodeName, runIndex).error;
}

function nodeTask(run, nodeName, runIndex) {
	const runData = run?.data?.resultData?.runData ?? {};
	const task = runData[nodeName]?.[runIndex];
	if (!task) {
		const error = run?.data?.resultData?.error;
		assert.fail(
			`node "${nodeName}" did not run (ran: ${Object.keys(runData).join(', ') || 'nothing'})` +
				(error ? `; workflow error: ${error.message}` : ''),
		);
	}
	return task;
}

/** The workflow's checks, pending or not (see report.mjs). */
function checker(entry, group) {
	const pending = entry.checks.pending;
	const target = pending ? group.pending(entry.name, pending) : group;
	return {
		check: (name, fn) => target.check(`${entry.name}: ${name}`, fn),
		done: () => target.done?.(),
	};
}

export async function runExecuteWorkflow({ entry, group, n8n, simulator, line }) {
	const { check, done } = checker(entry, group);
	const t = { check, simulator, line, assert, workflow: entry.workflow };
	if (entry.checks.before) await entry.checks.before(t);
	const result = await n8n.execute(entry.workflow.id);
	t.result = result;
	t.run = result.run;
	t.output = (nodeName, options) => nodeOutput(result.run, nodeName, options);
	t.nodeError = (nodeName, runIndex) => nodeError(result.run, nodeName, runIndex);
	const printed = await check('n8n execute printed a run', () => {
		if (!result.run)
			assert.fail(`no run JSON in the output (exit ${result.code})\n${result.output.slice(-3000)}`);
		return `status ${result.run.status ?? (result.run.finished ? 'success' : 'unknown')}, exit ${result.code}`;
	});
	if (printed) await entry.checks.verify(t);
	done();
}

/**
 * Under a running n8n: each active workflow's `verify(t)`, where `t.executions({ count })` waits for
 * that many finished executions of the workflow (those `where(execution)` accepts) and returns them with their run data.
 */
/**
 * A scenario owns n8n's lifecycle: n8n is stopped when it begins and stopped again after it;
 * `t.n8n.start()`, `t.n8n.stop()`, `t.activate()` (the CLI, while n8n is stopped), `t.session()`
 * (the editor's REST API as the owner), `t.executions()` and `t.output()` as in active mode.
 */
export async function runScenarioWorkflow({ entry, group, n8n, simulator, line }) {
	const { t, done } = activeContext({ entry, group, n8n, simulator, line });
	Object.assign(t, {
		n8n: {
			url: n8n.url,
			executions: (workflowId = entry.workflow.id) => n8n.executions(workflowId),
			async start() {
				n8n.process = await n8n.start();
			},
			async stop() {
				const stopped = await n8n.process?.stop({ graceMs: 30_000 });
				n8n.process = undefined;
				return stopped;
			},
			get running() {
				return n8n.process !== undefined;
			},
		},
		activate: () => n8n.activate(entry.workflow.id),
		async session() {
			return await n8n.login(E2E_OWNER).catch(async () => await n8n.setupOwner(E2E_OWNER));
		},
	});
	try {
		await entry.checks.verify(t);
	} finally {
		if (n8n.process) await n8n.process.stop({ graceMs: 30_000 });
		n8n.process = undefined;
		done();
	}
}

/**
 * What a check of a workflow that runs under `n8n start` gets: `executions()` waits for that many
 * finished executions, `output()` reads a node's items in one of them.
 */
function activeContext({ entry, group, n8n, simulator, line }) {
	const { check, done } = checker(entry, group);
	const t = {
		check,
		simulator,
		line,
		assert,
		workflow: entry.workflow,
		n8n,
		executions: (options) => finishedExecutions(n8n, entry.workflow.id, options),
		/** Items of a node's output in an execution from `executions()`. */
		output: (execution, nodeName, options) =>
			nodeOutput({ data: execution.data }, nodeName, options),
	};
	return { t, check, done };
}

/** Waits for `count` finished executions of a workflow that `where` accepts, with their data. */
async function finishedExecutions(
	n8n,
	workflowId,
	{ count = 1, timeoutMs = 30_000, where = () => true } = {},
) {
	return await assert.eventually(
		async () => {
			const executions = await n8n.executions(workflowId);
			// finished, and its run data written (n8n updates the status and the data separately)
			const finished = executions.filter(
				(execution) =>
					!['new', 'running', 'waiting'].includes(execution.status) &&
					execution.stoppedAt &&
					Object.keys(execution.data?.resultData?.runData ?? {}).length > 0 &&
					accepts(where, execution),
			);
			return finished.length >= count ? finished : undefined;
		},
		{ timeoutMs, what: `${count} finished execution(s) of ${workflowId}` },
	);
}

export async function runActiveWorkflows({ entries, group, n8n, simulator, line }) {
	// every active workflow with the package's trigger holds one event stream
	const streamWorkflows = entries.filter((entry) =>
		entry.workflow.nodes.some((node) => node.type.endsWith('.theThingsStackTrigger')),
	).length;
	for (const entry of entries) {
		const { t, check, done } = activeContext({ entry, group, n8n, simulator, line });
		Object.assign(t, {
			/**
			 * Waits until the simulator has at least `count` event streams open (default: one per
			 * active workflow with the package's trigger, so every trigger is listening). Then, after n8n has
			 * stopped, a check of this workflow requires every stream to be closed.
			 */
			async openStreams(count = streamWorkflows, timeoutMs = 30_000) {
				try {
					const open = await assert.eventually(
						async () => {
							const { openStreams } = await simulator.stats();
							return openStreams >= count ? openStreams : undefined;
						},
						{ timeoutMs, what: `${count} open event stream(s)` },
					);
					entry.openedStreams = open;
					return open;
				} catch (error) {
					const activation = activationErrors(n8n.process?.output ?? '');
					if (activation.length > 0) error.message += `\nn8n said:\n${activation.join('\n')}`;
					throw error;
				}
			},
		});
		await entry.checks.verify(t);
		entry.finish = async () => {
			if (entry.openedStreams) {
				await check('event stream closed when n8n stopped', () =>
					assert.eventually(async () => (await simulator.stats()).openStreams === 0, {
						timeoutMs: 10_000,
						what: 'no open event stream on the simulator',
					}),
				);
			}
			if (entry.checks.after) await entry.checks.after(t);
			done();
		};
	}
}

function accepts(where, execution) {
	try {
		return Boolean(where(execution));
	} catch {
		return false;
	}
}

/** Lines of n8n's output about workflows that could not be activated. */
export function activationErrors(output) {
	return output
		.split('\n')
		.filter((text) => /problem activating|could not be activated|activation error/i.test(text));
}
