// `npm test`: installs what is missing, then runs every unit and integration test (jest), which
// start their own simulator and need nothing else. Extra arguments go to jest.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureDependencies } from './ensure-dependencies.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
ensureDependencies();
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const result = spawnSync(process.execPath, [jest, ...process.argv.slice(2)], {
	cwd: root,
	stdio: 'inherit',
});
process.exit(result.status ?? 1);
