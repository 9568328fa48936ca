// Records checks in groups (a readiness group, one per n8n line, ...) and prints the summary.
// A check is a named async function; it passes unless it throws. `skip` records a check that was
// not run and why (it counts as failed unless marked `optional`).

export function createReport() {
	const groups = [];
	return {
		groups,
		group(title) {
			const group = { title, checks: [] };
			groups.push(group);
			return {
				title,
				/** Runs `fn` as a check; returns its result, or undefined if it failed. */
				async check(name, fn) {
					const started = Date.now();
					try {
						const result = await fn();
						const detail = typeof result === 'string' ? result : undefined;
						group.checks.push({ name, status: 'pass', detail, ms: Date.now() - started });
						print('pass', name, detail);
						return result ?? true;
					} catch (error) {
						const message = error?.message ?? String(error);
						group.checks.push({ name, status: 'fail', detail: message, ms: Date.now() - started });
						print('fail', name, message);
						return undefined;
					}
				},
				skip(name, reason) {
					group.checks.push({ name, status: 'fail', detail: `not run: ${reason}`, ms: 0 });
					print('fail', name, `not run: ${reason}`);
				},
				note(text) {
					group.checks.push({ name: text, status: 'note' });
					console.log(`  · ${text}`);
				},
				get failed() {
					return group.checks.some((check) => check.status === 'fail');
				},
			};
		},
		get failed() {
			return groups.some((group) => group.checks.some((check) => check.status === 'fail'));
		},
		summary() {
			const lines = ['', '═══ e2e summary ═══'];
			for (const group of groups) {
				const checks = group.checks.filter((check) => check.status !== 'note');
				const failed = checks.filter((check) => check.status === 'fail');
				lines.push(
					`${failed.length === 0 ? 'PASS' : 'FAIL'}  ${group.title}  (${checks.length - failed.length}/${checks.length} checks)`,
				);
				for (const check of checks) {
					lines.push(`  ${check.status === 'pass' ? '✔' : '✘'} ${check.name}`);
					if (check.status === 'fail') lines.push(indent(check.detail, '      '));
				}
			}
			return lines.join('\n');
		},
	};
}

function print(status, name, detail) {
	const mark = status === 'pass' ? '✔' : '✘';
	console.log(`  ${mark} ${name}${detail && status === 'pass' ? ` — ${detail}` : ''}`);
	if (status === 'fail' && detail) console.log(indent(detail, '      '));
}

function indent(text, prefix) {
	return String(text)
		.split('\n')
		.slice(0, 40)
		.map((line) => prefix + line)
		.join('\n');
}
