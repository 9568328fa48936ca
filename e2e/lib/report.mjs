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
				/**
				 * A set of checks for something not built yet: they run and are shown, a failure does not
				 * fail the run, but if they all pass the set fails ("remove pending"), so it is never
				 * forgotten. Returns a group-like object; call `done()` after the last check.
				 */
				pending(title, reason) {
					const results = [];
					return {
						async check(name, fn) {
							const started = Date.now();
							try {
								const result = await fn();
								results.push(true);
								group.checks.push({ name, status: 'xpass', ms: Date.now() - started });
								print('xpass', name);
								return result ?? true;
							} catch (error) {
								results.push(false);
								const message = error?.message ?? String(error);
								group.checks.push({
									name,
									status: 'xfail',
									detail: message,
									ms: Date.now() - started,
								});
								print('xfail', name, message);
								return undefined;
							}
						},
						done() {
							if (results.length > 0 && results.every(Boolean)) {
								const name = `${title}: pending (${reason}), but every check passes now: remove \`pending\``;
								group.checks.push({ name, status: 'fail', detail: name });
								print('fail', name);
							}
						},
					};
				},
				skip(name, reason) {
					group.checks.push({ name, status: 'fail', detail: `not run: ${reason}`, ms: 0 });
					print('fail', name, `not run: ${reason}`);
				},
				/** Appends to the group's title in the summary (e.g. how long it took). */
				annotate(text) {
					group.title += ` ${text}`;
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
				const checks = group.checks.filter((check) => ['pass', 'fail'].includes(check.status));
				const pending = group.checks.filter((check) => ['xpass', 'xfail'].includes(check.status));
				const failed = checks.filter((check) => check.status === 'fail');
				lines.push(
					`${failed.length === 0 ? 'PASS' : 'FAIL'}  ${group.title}  (${checks.length - failed.length}/${checks.length} checks passed${pending.length ? `, ${pending.length} pending` : ''})`,
				);
				for (const check of group.checks.filter((check) => check.status !== 'note')) {
					lines.push(`  ${MARKS[check.status]} ${check.name}`);
					if (check.status === 'fail') lines.push(indent(check.detail, '      '));
					if (check.status === 'xfail') lines.push(indent(firstLine(check.detail), '      '));
				}
			}
			return lines.join('\n');
		},
		/** The failed checks again, last, so that a log cut to its tail (as CI shows it) still names them. */
		failures() {
			const lines = [];
			for (const group of groups) {
				for (const check of group.checks.filter((check) => check.status === 'fail')) {
					lines.push(`✘ ${group.title.split(' — ')[0]}: ${check.name}`);
					lines.push(
						indent(
							String(check.detail ?? '')
								.split('\n')
								.slice(0, 12)
								.join('\n'),
							'    ',
						),
					);
				}
			}
			return lines.length ? ['', '═══ failed checks ═══', ...lines].join('\n') : '';
		},
	};
}

const MARKS = { pass: '✔', fail: '✘', xfail: '○ pending, fails:', xpass: '○ pending, passes:' };

function print(status, name, detail) {
	console.log(`  ${MARKS[status]} ${name}${detail && status === 'pass' ? ` — ${detail}` : ''}`);
	if ((status === 'fail' || status === 'xfail') && detail) console.log(indent(detail, '      '));
}

function firstLine(text) {
	return String(text ?? '').split('\n')[0];
}

function indent(text, prefix) {
	return String(text)
		.split('\n')
		.slice(0, 40)
		.map((line) => prefix + line)
		.join('\n');
}
