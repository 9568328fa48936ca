// Where things live: the repo, the install cache (git-ignored .cache/) and the run folders (.e2e/).
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const e2eDir = join(repoRoot, 'e2e');
export const hostsDir = join(e2eDir, 'hosts');
/** Installs of real n8n, Node 24 and the tools; reused between runs, never part of the package. */
export const cacheDir = process.env.E2E_CACHE_DIR ?? join(repoRoot, '.cache', 'e2e');
/** Per-run logs and the packed tarball. Recreated by each run. */
export const runDir = process.env.E2E_RUN_DIR ?? join(repoRoot, '.e2e');
/**
 * n8n user folders (fresh per run) and the unpacked tarball, outside the repo: n8n writes its
 * type lists (tens of MB of JSON) into the user folder, which `eslint .` would otherwise read.
 */
export const scratchDir =
	process.env.E2E_SCRATCH_DIR ?? join(tmpdir(), 'n8n-nodes-the-things-stack');
export const examplesDir = join(repoRoot, 'examples');
export const e2eWorkflowsDir = join(e2eDir, 'workflows');
export const checksDir = join(e2eDir, 'checks');
