// Printing workflow runs for the demo: which nodes ran, how many items each produced, the first
// item of the last node, and whether the run succeeded.
export function summarizeRun(run) {
	if (!run?.data?.resultData) return { ok: false, problem: 'n8n printed no run' };
	const error = run.data.resultData.error;
	if (error) return { ok: false, problem: error.message };
	if (run.status && !['success'].includes(run.status)) {
		return { ok: false, problem: `status ${run.status}` };
	}
	const failedNode = Object.entries(run.data.resultData.runData ?? {}).find(([, tasks]) =>
		tasks.some((task) => task.error),
	);
	if (failedNode) {
		return { ok: false, problem: `node "${failedNode[0]}" failed` };
	}
	return { ok: true };
}

export function printRun(run, summary) {
	const runData = run?.data?.resultData?.runData ?? {};
	for (const [node, tasks] of Object.entries(runData)) {
		const items = tasks.flatMap((task) => task.data?.main?.flat() ?? []);
		const error = tasks.find((task) => task.error)?.error;
		console.log(
			`  ${error ? '✘' : '·'} ${node}: ${error ? error.message : `${items.length} item(s)`}`,
		);
	}
	// the first item of the last node that put out one with JSON (an If's false branch counts too;
	// items holding only a file do not)
	const firstItemOf = (tasks) =>
		tasks[0]?.data?.main
			?.flat()
			.map((item) => item?.json)
			.find((json) => json && Object.keys(json).length > 0);
	const withItems = Object.entries(runData).filter(([, tasks]) => firstItemOf(tasks));
	const [last, tasks] = withItems[withItems.length - 1] ?? [];
	const firstItem = tasks && firstItemOf(tasks);
	if (firstItem) {
		const text = JSON.stringify(firstItem, null, 2).split('\n');
		console.log(
			`    first item of "${last}":\n${text
				.slice(0, 24)
				.map((line) => `      ${line}`)
				.join('\n')}${text.length > 24 ? '\n      …' : ''}`,
		);
	}
	console.log(`  ${summary.ok ? '✔ succeeded' : `✘ failed: ${summary.problem}`}`);
}
