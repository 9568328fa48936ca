// Redis and PostgreSQL for n8n's queue mode: installed from the distribution's packages when
// missing, then started as private instances on loopback, on free ports, with their data in a
// temporary folder that is removed when they stop. Services the machine already runs (a system
// PostgreSQL on 5432, a Redis on 6379) are never used or touched.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

import { freePort } from '../lib/line.mjs';
import { runOrThrow, startProcess } from '../lib/proc.mjs';

/** The database and role n8n uses in the private PostgreSQL (local trust authentication). */
export const DATABASE = { name: 'n8n', user: 'n8n' };

const PACKAGES = { redis: 'redis-server', postgres: 'postgresql' };

/**
 * Installs what is missing with `apt-get install -y redis-server postgresql` (through `sudo -n`
 * when not root), refreshing the package lists once if the first attempt fails. Resolves with the
 * packages it installed ([] when both were there).
 */
export async function ensureServicePackages({ log } = {}) {
	const missing = [];
	if (!redisServerBinary()) missing.push(PACKAGES.redis);
	if (!postgresBinDir()) missing.push(PACKAGES.postgres);
	if (missing.length === 0) return [];
	if (!onPath('apt-get')) {
		throw new Error(`${missing.join(' and ')} missing and no apt-get here: install them first`);
	}
	const asRoot = isRoot() ? [] : ['sudo', '-n'];
	if (asRoot.length > 0 && !onPath('sudo')) {
		throw new Error(
			`${missing.join(' and ')} missing: run \`apt-get install -y ${missing.join(' ')}\` as root`,
		);
	}
	const apt = (args) => {
		const [command, ...rest] = [...asRoot, 'apt-get', ...args];
		return runOrThrow(command, rest, {
			log,
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			timeoutMs: 600_000,
		});
	};
	const install = () => apt(['install', '-y', '--no-install-recommends', ...missing]);
	try {
		await install();
	} catch {
		// a fresh machine has empty or outdated package lists
		await apt(['update']);
		await install();
	}
	if (!redisServerBinary() || !postgresBinDir()) {
		throw new Error(
			`apt-get installed ${missing.join(', ')} but the programs are not where expected`,
		);
	}
	return missing;
}

/**
 * A private Redis: no persistence, loopback only. Resolves with { host, port, stop() }.
 */
export async function startRedis({ log } = {}) {
	const binary = redisServerBinary();
	if (!binary) throw new Error('redis-server is not installed');
	const dir = mkdtempSync(join(tmpdir(), 'n8n-redis-'));
	const port = await freePort();
	const handle = startProcess(
		binary,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--daemonize',
			'no',
		],
		{ cwd: dir, log },
	);
	try {
		await handle.waitFor(/Ready to accept connections/, 30_000, 'Redis to start');
	} catch (error) {
		await handle.stop({ graceMs: 2_000 });
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	return {
		host: '127.0.0.1',
		port,
		handle,
		async stop() {
			await handle.stop({ graceMs: 10_000 });
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/**
 * A private PostgreSQL cluster with database `n8n` owned by role `n8n`, trusted on loopback.
 * `initdb` and `postgres` refuse to run as root: a root process runs them as the `postgres` user
 * (which the distribution's package creates) and hands it the data folder. `durable: false` turns
 * off fsync for tests; benchmarks keep PostgreSQL's defaults. Resolves with
 * { host, port, database, user, version, createDatabase(name), stop() }.
 */
export async function startPostgres({ log, durable = true } = {}) {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed');
	const account = isRoot() ? unprivilegedAccount() : {};
	const dir = mkdtempSync(join(tmpdir(), 'n8n-postgres-'));
	if (account.uid !== undefined) chownSync(dir, account.uid, account.gid);
	const data = join(dir, 'data');
	const asAccount = { uid: account.uid, gid: account.gid, cwd: dir, log };
	let handle;
	try {
		const { stdout } = await runOrThrow(join(bin, 'postgres'), ['--version'], asAccount);
		const version = /\d+(\.\d+)*/.exec(stdout)?.[0] ?? stdout.trim();
		await runOrThrow(
			join(bin, 'initdb'),
			[
				'-D',
				data,
				'-U',
				DATABASE.user,
				'--auth=trust',
				'--encoding=UTF8',
				'--no-locale',
				'--no-sync',
			],
			{ ...asAccount, timeoutMs: 120_000 },
		);
		const port = await freePort();
		const settings = durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];
		handle = startProcess(
			join(bin, 'postgres'),
			[
				'-D',
				data,
				'-p',
				String(port),
				'-h',
				'127.0.0.1',
				// the socket goes to the private folder: the default one may not exist or be writable
				'-k',
				dir,
				...settings.flatMap((setting) => ['-c', setting]),
			],
			asAccount,
		);
		await handle.waitFor(
			/database system is ready to accept connections/,
			60_000,
			'PostgreSQL to start',
		);
		const createDatabase = (name) =>
			runOrThrow(
				join(bin, 'createdb'),
				['-h', '127.0.0.1', '-p', String(port), '-U', DATABASE.user, name],
				{ log, timeoutMs: 30_000 },
			);
		await createDatabase(DATABASE.name);
		return {
			host: '127.0.0.1',
			port,
			database: DATABASE.name,
			user: DATABASE.user,
			version,
			handle,
			/** Another empty database of the same role (a fresh n8n per benchmark setup). */
			createDatabase,
			async stop() {
				// SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect
				await handle.stop({ signal: 'SIGINT', graceMs: 15_000 });
				rmSync(dir, { recursive: true, force: true });
			},
		};
	} catch (error) {
		await handle?.stop({ signal: 'SIGINT', graceMs: 5_000 });
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}

function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The `postgres` account the distribution's package creates, to run PostgreSQL as when root. */
function unprivilegedAccount() {
	try {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		return { uid, gid };
	} catch {
		throw new Error(
			'running as root, and there is no `postgres` user to run PostgreSQL as (initdb refuses root)',
		);
	}
}

function redisServerBinary() {
	return (
		onPath('redis-server') ?? ['/usr/bin/redis-server', '/usr/sbin/redis-server'].find(existsSync)
	);
}

/**
 * The folder with `initdb`, `postgres` and `createdb`: on PATH, or Debian's and Ubuntu's
 * /usr/lib/postgresql/<version>/bin (newest version first), which is not on PATH.
 */
export function postgresBinDir() {
	const candidates = [];
	const initdb = onPath('initdb');
	if (initdb) candidates.push(dirname(realpathSync(initdb)));
	const root = '/usr/lib/postgresql';
	if (existsSync(root)) {
		const versions = readdirSync(root)
			.filter((name) => /^\d+(\.\d+)?$/.test(name))
			.sort((a, b) => Number(b) - Number(a));
		candidates.push(...versions.map((version) => join(root, version, 'bin')));
	}
	return candidates.find((dir) =>
		['initdb', 'postgres', 'createdb'].every((name) => existsSync(join(dir, name))),
	);
}

function onPath(name) {
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		if (dir && existsSync(join(dir, name))) return join(dir, name);
	}
	return undefined;
}
