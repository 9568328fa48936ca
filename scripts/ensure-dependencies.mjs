// Installs the project's dev dependencies when package-lock.json names a package that is missing or
// at another version, so that `npm test` and `npm run demo` work on a fresh clone with nothing but
// Node and npm. Compares contents, not file times: a checkout or a merge touches package-lock.json
// without changing what it locks.
import { execSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Packages of package-lock.json that node_modules lacks or holds at another version. */
export function outdatedPackages(projectRoot = root) {
	const lock = JSON.parse(readFileSync(join(projectRoot, 'package-lock.json'), 'utf8'));
	const outdated = [];
	for (const [path, entry] of Object.entries(lock.packages ?? {})) {
		// Optional packages are often for another platform (e.g. esbuild's binaries) and absent.
		if (!path.startsWith('node_modules/') || entry.optional || entry.link) continue;
		const manifest = join(projectRoot, path, 'package.json');
		if (!existsSync(manifest)) {
			outdated.push(`${path} (missing)`);
			continue;
		}
		const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
		if (entry.version && version !== entry.version) outdated.push(`${path} (${version})`);
	}
	return outdated;
}

export function ensureDependencies() {
	const outdated = outdatedPackages();
	if (outdated.length === 0) return;
	const modules = join(root, 'node_modules');
	if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) {
		// A node_modules shared with another checkout: `npm ci` would empty it for both.
		console.warn(
			`node_modules is a link to a shared install that differs from package-lock.json (${outdated.slice(0, 3).join(', ')}…); run npm ci where it lives.`,
		);
		return;
	}
	console.log(
		`Installing dependencies (npm ci): ${outdated.length} packages differ from package-lock.json`,
	);
	execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureDependencies();
