import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');

interface Banner {
	url: string;
	apiKey: string;
	adminKey: string;
}

/** Reads what `npm run simulator` prints once it listens. */
function bannerOf(cli: ChildProcess): Promise<Banner> {
	return new Promise((resolve, reject) => {
		let output = '';
		const exited = (code: number | null) =>
			reject(new Error(`the simulator exited (${code}) after printing: ${output}`));
		const read = (chunk: Buffer) => {
			output += chunk.toString();
			const url = /cluster URL:\s+(\S+)/.exec(output)?.[1];
			const apiKey = /^ {2}API key:\s+(NNSXS\.\S+)$/m.exec(output)?.[1];
			const adminKey = /^ {2}ADMIN API key:\s+(NNSXS\.\S+)$/m.exec(output)?.[1];
			if (!/application: demo-app/.test(output)) return;
			cli.stdout?.off('data', read);
			cli.off('exit', exited);
			if (url && apiKey && adminKey) resolve({ url, apiKey, adminKey });
			else reject(new Error(`no URL, API key and admin key in: ${output}`));
		};
		cli.stdout?.on('data', read);
		cli.once('exit', exited);
	});
}

async function call(banner: Banner, key: string, method: string, path: string, body?: unknown) {
	const response = await fetch(`${banner.url}/api/v3${path}`, {
		method,
		headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('npm run simulator', () => {
	let cli: ChildProcess;

	beforeEach(() => {
		cli = spawn(
			join(repoRoot, 'node_modules', '.bin', 'tsx'),
			['simulator/cli.ts', '--port', '0'],
			{ cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
		);
	});

	afterEach(async () => {
		if (cli.exitCode !== null || cli.signalCode !== null) return;
		const exited = new Promise((resolve) => cli.once('exit', resolve));
		cli.kill('SIGTERM');
		await exited;
	});

	it('prints the demo key and an admin key, marked as such, with which Purge works', async () => {
		const banner = await bannerOf(cli);
		const admin = await call(banner, banner.adminKey, 'GET', '/auth_info');
		expect(admin.body).toMatchObject({
			is_admin: true,
			api_key: { entity_ids: { user_ids: { user_id: 'admin' } } },
		});
		const demoUser = await call(banner, banner.apiKey, 'GET', '/auth_info');
		expect(demoUser.body.is_admin).toBeUndefined();

		const created = await call(banner, banner.apiKey, 'POST', '/users/demo-user/applications', {
			application: { ids: { application_id: 'to-purge' } },
		});
		expect(created.status).toBe(200);
		expect((await call(banner, banner.apiKey, 'DELETE', '/applications/to-purge')).status).toBe(
			200,
		);
		const refused = await call(banner, banner.apiKey, 'DELETE', '/applications/to-purge/purge');
		expect(refused.status).toBe(403);
		const purged = await call(banner, banner.adminKey, 'DELETE', '/applications/to-purge/purge');
		expect(purged.status).toBe(200);
	});
});
