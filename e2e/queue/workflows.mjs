// The workflows of the queue line (e2e/queue/workflows/), read once: { id, name, file, workflow }.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { e2eDir } from '../lib/paths.mjs';

export function queueWorkflow(fileName) {
	const file = join(e2eDir, 'queue', 'workflows', fileName);
	const workflow = JSON.parse(readFileSync(file, 'utf8'));
	return { id: workflow.id, name: workflow.name, file, workflow };
}
