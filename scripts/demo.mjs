#!/usr/bin/env node
// `npm run demo`: the package in a real n8n, against a local The Things Stack that sends uplinks.
// Needs nothing but Node and npm: installs what is missing, builds, installs n8n 2.x (cached in
// .cache/e2e), and prints the editor URL and the login. Ctrl-C stops everything.
//
// `npm run demo -- --headless`: runs every example workflow once (trigger workflows: until each has
// handled an uplink), prints the results, and exits 0 only if all succeeded.
import { parseArgs } from 'node:util';

import { ensureDependencies } from './ensure-dependencies.mjs';
import { OWNER, demoDir, prepareDemo, startEditor } from './demo/stack.mjs';
import { printRun, summarizeRun } from './demo/results.mjs';

const { values } = parseArgs({
	options: {
		headless: { type: 'boolean', default: false },
		'uplink-interval': { type: 'string', default: '10' },
		port: { type: 'string', default: '5678' },
	},
});
const headless = values.headless;
const step = (text) => console.log(`▶ ${text}`);

ensureDependencies();
const { n8n, simulator, examples } = await prepareDemo({
	step,
	uplinkInterval: Number(values['uplink-interval']),
	n8nPort: Number(values.port),
});

let editor;
let stopping;
async function stopAll(code) {
	stopping ??= (async () => {
		step('Stopping n8n and the simulator');
		await editor?.stop({ graceMs: 20_000 });
		await simulator.stop();
		process.exit(code);
	})();
	return stopping;
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

if (headless) {
	await runHeadless();
} else {
	step('Starting n8n');
	editor = await startEditor(n8n);
	const active = examples.filter((example) => example.trigger);
	console.log(`
  n8n is running: ${n8n.url}
  Sign in:        ${OWNER.email} / ${OWNER.password}

  What to look at:
  · Workflows: the example workflows${active.length ? `; active: ${active.map((e) => `"${e.workflow.name}"`).join(', ')}` : ''}.
  · Executions: the simulator sends an uplink from ${simulator.info.devices.join(', ')} every ${simulator.info.uplinkIntervalSeconds} s;
    each one runs the active uplink workflows (open one, then its Executions tab).
  · Gateway offline alert: take the demo gateway offline, and back online, with
    curl -X POST ${simulator.info.controlUrl}/control/gateway -d '{"gatewayId":"${simulator.info.gateway}","connected":false}'
    curl -X POST ${simulator.info.controlUrl}/control/gateway -d '{"gatewayId":"${simulator.info.gateway}","connected":true}'
  · Add a node: search "The Things Stack" for every operation, and its trigger.
  · The credential "The Things Stack (local simulator)" points at the simulator:
    ${simulator.info.url}, application ${simulator.info.application}, gateway ${simulator.info.gateway}.
  · Purge needs an admin key, which the demo credential does not have. To try it, create a
    credential "The Things Stack API" with Server Address ${simulator.info.url} and the
    ADMIN API key ${simulator.info.adminApiKey}

  Logs: ${demoDir}/n8n.log, ${demoDir}/simulator.log
  Press Ctrl-C to stop.
`);
}

async function runHeadless() {
	const results = [];
	for (const example of examples.filter((candidate) => !candidate.trigger)) {
		step(`Running "${example.workflow.name}" (n8n execute)`);
		const { run } = await n8n.execute(example.workflow.id);
		const summary = summarizeRun(run);
		printRun(run, summary);
		results.push({ name: example.workflow.name, ...summary });
	}
	const active = examples.filter((candidate) => candidate.trigger);
	if (active.length > 0) {
		step('Starting n8n with the trigger workflows active');
		editor = await startEditor(n8n);
		await triggersListening(active.length);
		for (const example of active) {
			// Uplinks arrive every few seconds; a gateway workflow needs its gateway to drop once.
			const watchesGateway = example.workflow.nodes.some(
				(node) =>
					node.type.endsWith('.theThingsStackTrigger') && node.parameters?.watch === 'gateway',
			);
			step(
				`Waiting for "${example.workflow.name}" to handle ${watchesGateway ? 'a gateway disconnect' : 'an uplink'}`,
			);
			if (watchesGateway) await simulator.setGatewayConnected(simulator.info.gateway, false);
			const execution = await firstExecution(example.workflow.id);
			if (watchesGateway) await simulator.setGatewayConnected(simulator.info.gateway, true);
			const summary = execution
				? summarizeRun({ status: execution.status, data: execution.data })
				: { ok: false, problem: 'no execution within 60 s' };
			if (execution) printRun({ data: execution.data }, summary);
			else console.log(`  ✘ ${summary.problem}`);
			results.push({ name: example.workflow.name, ...summary });
		}
	}
	console.log('\nResults:');
	for (const result of results) {
		console.log(
			`  ${result.ok ? '✔' : '✘'} ${result.name}${result.ok ? '' : ` — ${result.problem}`}`,
		);
	}
	const ok = results.length > 0 && results.every((result) => result.ok);
	if (results.length === 0) console.log('  ✘ no example workflows in examples/');
	console.log(ok ? '\nDemo: all example workflows succeeded.' : '\nDemo: FAILED.');
	await stopAll(ok ? 0 : 1);
}

/** Waits until every active trigger has opened its event stream, so no event goes unseen. */
async function triggersListening(count) {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if ((await simulator.stats()).openStreams >= count) return;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

async function firstExecution(workflowId) {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		const executions = await n8n.executions(workflowId);
		const finished = executions.find(
			(execution) =>
				execution.stoppedAt && Object.keys(execution.data?.resultData?.runData ?? {}).length > 0,
		);
		if (finished) return finished;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	return undefined;
}
