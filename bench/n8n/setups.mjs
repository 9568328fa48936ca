// The n8n setups the benchmark measures, and its workflows for each. A setup is a topology of
// e2e/queue/deployment.mjs plus, optionally, parameters for the trigger node (`trigger`), extra
// environment (`env`) and the setup it is compared with (`compareTo`). A later trigger option
// (events in batches, a bound on executions in flight) is measured by adding a setup here, e.g.
//   { name: 'queue-batched', label: '…', topology: 'queue', workers: 2,
//     trigger: { options: { … } }, compareTo: 'queue' }
// The trigger's items are counted one by one, so an execution carrying several uplinks counts
// for each of them.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// What the trigger of every setup is given: the simulator's Storage Integration stores within a
// second, and uplinks read back from it wait no longer than that.
const TRIGGER_OPTIONS = { storageDelaySeconds: 5 };
const BATCHES = { ...TRIGGER_OPTIONS, batchSize: 50, batchWindowMs: 1000 };

export const setups = [
	{
		name: 'single',
		label: 'one process',
		topology: 'single',
		trigger: { options: TRIGGER_OPTIONS },
	},
	{
		name: 'single-batched',
		label: 'one process, batches of up to 50 uplinks',
		topology: 'single',
		trigger: { options: BATCHES },
		compareTo: 'single',
	},
	{
		name: 'queue',
		label: 'queue mode, 2 workers',
		topology: 'queue',
		workers: 2,
		webhookProcesses: 1,
		trigger: { options: TRIGGER_OPTIONS },
		compareTo: 'single',
	},
	{
		name: 'queue-batched',
		label: 'queue mode, 2 workers, batches of up to 50 uplinks',
		topology: 'queue',
		workers: 2,
		webhookProcesses: 1,
		trigger: { options: BATCHES },
		compareTo: 'single-batched',
	},
];

const workflowsDir = join(dirname(fileURLToPath(import.meta.url)), 'workflows');

/**
 * The benchmark's workflows for a setup, written to `dir` with the setup's trigger parameters:
 * [{ id, file, load }], `load` being the load (load.mjs) that drives the workflow.
 */
export function workflowFiles(setup, dir) {
	mkdirSync(dir, { recursive: true });
	return [
		{ file: 'trigger-noop.json', load: 'uplinks' },
		{ file: 'webhook-noop.json', load: 'webhook' },
	].map(({ file, load }) => {
		const workflow = JSON.parse(readFileSync(join(workflowsDir, file), 'utf8'));
		if (load === 'uplinks' && setup.trigger) {
			const trigger = workflow.nodes.find((node) => node.type.endsWith('.theThingsStackTrigger'));
			trigger.parameters = { ...trigger.parameters, ...setup.trigger };
		}
		const written = join(dir, file);
		writeFileSync(written, JSON.stringify(workflow, null, '\t'));
		return { id: workflow.id, file: written, load };
	});
}
