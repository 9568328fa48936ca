// Drives a real n8n of one line (e2e/lib/hosts.mjs) on one user folder: the CLI commands the tests
// and the demo need, `n8n start` in the background, the executions in its database, and the log
// lines that tell about the package.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { hostModules, runtime } from './hosts.mjs';
import { e2eDir } from './paths.mjs';
import { run, runOrThrow, startProcess } from './proc.mjs';

/**
 * `line`: from hosts.mjs; `userFolder`: N8N_USER_FOLDER (its .n8n/ holds the database, the
 * community packages and the config); `port`: the editor/REST port; `log`: file for all output.
 */
export function createN8n({ line, userFolder, port, log, env: extraEnv = {} }) {
	const { node, env: runtimeEnv } = runtime(line.runtime);
	const bin = join(hostModules(line.host), 'n8n', 'bin', 'n8n');
	const env = {
		...process.env,
		...runtimeEnv,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		// the production URL of webhook triggers, which The Things Stack (the simulator) posts to
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		// the task runner broker listens on 5679 by default: keep concurrent instances apart
		N8N_RUNNERS_BROKER_PORT: String(port + 1),
		// no task runners: `n8n execute` then exits cleanly (runtime doc §8.3)
		N8N_RUNNERS_ENABLED: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_SECURE_COOKIE: 'false',
		DB_TYPE: 'sqlite',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		...line.env,
		...extraEnv,
	};
	delete env.NODE_OPTIONS;

	// every command boots n8n (10-20 s; the first one also migrates the database)
	const options = { cwd: userFolder, env, log, timeoutMs: 300_000 };
	const cli = (args) => run(node, [bin, ...args], options);
	const cliOrThrow = (args) => runOrThrow(node, [bin, ...args], options);

	return {
		line,
		userFolder,
		port,
		env,
		url: `http://127.0.0.1:${port}`,
		databaseFile: join(userFolder, '.n8n', 'database.sqlite'),
		cli,

		async importCredentials(credentials) {
			const dir = mkdtempSync(join(userFolder, 'import-'));
			const file = join(dir, 'credentials.json');
			writeJson(file, credentials);
			await cliOrThrow(['import:credentials', `--input=${file}`]);
			rmSync(dir, { recursive: true, force: true });
		},

		/** Imports workflow files (each one workflow object) in one n8n run. */
		async importWorkflows(files) {
			const dir = mkdtempSync(join(userFolder, 'import-'));
			files.forEach((file, index) => cpSync(file, join(dir, `${index}.json`)));
			await cliOrThrow(['import:workflow', '--separate', `--input=${dir}`]);
			rmSync(dir, { recursive: true, force: true });
		},

		/**
		 * `n8n execute --id --rawOutput`; resolves with { run, code, output }. `run` is the printed
		 * IRun (undefined if none was printed). The exit code alone is not trusted: n8n may crash at
		 * exit after printing a correct run, and exits 1 when the workflow failed.
		 */
		async execute(workflowId) {
			const result = await cli(['execute', `--id=${workflowId}`, '--rawOutput']);
			const output = result.stdout + result.stderr;
			return { run: parseRun(result.stdout) ?? parseRun(output), code: result.code, output };
		},

		/** Makes a workflow active at the next start (2.x publishes, 1.x sets active). */
		async activate(workflowId) {
			const args =
				line.id === 'n8n-1'
					? ['update:workflow', `--id=${workflowId}`, '--active=true']
					: ['publish:workflow', `--id=${workflowId}`];
			await cliOrThrow(args);
		},

		/** `n8n start`; resolves once the editor answers /healthz. */
		async start({ echo = false, timeoutMs = 120_000 } = {}) {
			const handle = startProcess(node, [bin, 'start'], { cwd: userFolder, env, log, echo });
			await handle.waitFor(/Editor is now accessible via/, timeoutMs, 'n8n to start');
			const deadline = Date.now() + 30_000;
			for (;;) {
				const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
					(response) => response.ok,
					() => false,
				);
				if (healthy) break;
				if (Date.now() > deadline) throw new Error('n8n /healthz did not answer');
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			return handle;
		},

		/**
		 * Creates the owner account through the REST API the setup screen uses (both lines) and
		 * resolves with a session for further REST calls.
		 */
		async setupOwner(owner) {
			const response = await fetch(`${this.url}/rest/owner/setup`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
				body: JSON.stringify(owner),
			});
			if (!response.ok)
				throw new Error(`owner setup: HTTP ${response.status} ${await response.text()}`);
			return sessionFrom(this.url, response);
		},

		/** Logs in (2.x names the field emailOrLdapLoginId, 1.x email) and resolves with a session. */
		async login({ email, password }) {
			const response = await fetch(`${this.url}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
				body: JSON.stringify({ email, emailOrLdapLoginId: email, password }),
			});
			if (!response.ok) throw new Error(`login: HTTP ${response.status} ${await response.text()}`);
			return sessionFrom(this.url, response);
		},

		/** The executions of a workflow (newest last), with their run data, from the database. */
		async executions(workflowId) {
			const reader = join(e2eDir, 'lib', 'read-executions.cjs');
			const result = await runOrThrow(
				node,
				[reader, join(userFolder, '.n8n', 'database.sqlite'), workflowId],
				{
					env: { ...env, NODE_PATH: hostModules(line.host) },
				},
			);
			return JSON.parse(result.stdout);
		},
	};
}

const BROWSER_ID = 'e2e-browser';

/** A logged-in REST session: `get(path)` resolves with the parsed JSON (throws on HTTP errors). */
function sessionFrom(baseUrl, response) {
	const cookie = (response.headers.getSetCookie?.() ?? [response.headers.get('set-cookie')])
		.filter(Boolean)
		.map((header) => header.split(';')[0])
		.join('; ');
	if (!cookie) throw new Error('n8n set no session cookie');
	const request = async (method, path, body) => {
		const answer = await fetch(`${baseUrl}${path}`, {
			method,
			headers: {
				cookie,
				'browser-id': BROWSER_ID,
				...(body ? { 'content-type': 'application/json' } : {}),
			},
			body: body ? JSON.stringify(body) : undefined,
		});
		if (!answer.ok)
			throw new Error(`${method} ${path}: HTTP ${answer.status} ${await answer.text()}`);
		const text = await answer.text();
		const json = text ? JSON.parse(text) : undefined;
		// the REST API wraps answers in { data }, the static type files do not
		return json && typeof json === 'object' && !Array.isArray(json) && 'data' in json
			? json.data
			: json;
	};
	return {
		cookie,
		get: (path) => request('GET', path),
		post: (path, body) => request('POST', path, body),
	};
}

export function prepareUserFolder(userFolder) {
	rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(join(userFolder, '.n8n'), { recursive: true });
	return userFolder;
}

/**
 * The IRun JSON n8n prints: the first top-level `{ … }` block (a line that is exactly "{" up to a
 * line that is exactly "}") that parses and has `data.resultData`.
 */
export function parseRun(text) {
	const lines = text.split('\n');
	for (let start = 0; start < lines.length; start++) {
		if (lines[start] !== '{') continue;
		for (let end = start + 1; end < lines.length; end++) {
			if (lines[end] !== '}') continue;
			try {
				const value = JSON.parse(lines.slice(start, end + 1).join('\n'));
				if (value?.data?.resultData) return value;
			} catch {
				// not this block
			}
			break;
		}
	}
	return undefined;
}

/**
 * Lines of n8n's output about a package failing to load (or types it could not find).
 * `packageName` narrows the search to the package's own messages where n8n names it.
 */
export function loadErrors(output, packageName) {
	return (
		output
			.split('\n')
			// not the lines of printed run JSON, where a workflow's own (expected) errors appear
			.filter((text) => !/^\s*["{}\[\]]/.test(text))
			.filter(
				(text) =>
					(text.includes(packageName) &&
						/error|fail|could not|cannot|unable|invalid|skipp|not (be )?load/i.test(text)) ||
					/Unrecognized node type|Unrecognized credential type|Error loading package|Failed to load|ProblemLoading/i.test(
						text,
					),
			)
	);
}

function writeJson(file, value) {
	writeFileSync(file, JSON.stringify(value, null, '\t'));
}

export function readJson(file) {
	return JSON.parse(readFileSync(file, 'utf8'));
}
