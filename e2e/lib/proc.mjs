// Child processes: run to completion (captured, optionally logged), or start in the background and
// wait for a line of output. Every child gets its own process group so that stopping it also
// stops what it started (n8n's task runners, npx → tsx → node).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Runs a command and resolves with its exit status and output (never rejects on a non-zero exit).
 * `log`: a file to append the output to; `echo`: also show it on this terminal; `uid`/`gid`: run
 * it as another user (a root process starting a program that refuses root, like PostgreSQL).
 */
export function run(
	command,
	args,
	{ cwd, env, log, echo = false, timeoutMs, input, uid, gid } = {},
) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd,
			env: env ?? process.env,
			stdio: ['pipe', 'pipe', 'pipe'],
			detached: true,
			uid,
			gid,
		});
		const logStream = log ? openLog(log) : undefined;
		logStream?.write(`\n$ ${command} ${args.join(' ')}\n`);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			logStream?.write(chunk);
			if (echo) process.stdout.write(chunk);
		});
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			logStream?.write(chunk);
			if (echo) process.stderr.write(chunk);
		});
		let timedOut = false;
		const timer =
			timeoutMs &&
			setTimeout(() => {
				timedOut = true;
				killGroup(child.pid, 'SIGKILL');
			}, timeoutMs);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			logStream?.end(`\n[exit ${code ?? signal}${timedOut ? ', timed out' : ''}]\n`);
			resolve({ code, signal, stdout, stderr, timedOut });
		});
		child.stdin.end(input ?? '');
	});
}

/** Runs a command and throws with its output if it fails. */
export async function runOrThrow(command, args, options = {}) {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		const tail = (result.stdout + result.stderr).split('\n').slice(-40).join('\n');
		throw new Error(
			`${command} ${args.join(' ')} failed (exit ${result.code ?? result.signal})\n${tail}`,
		);
	}
	return result;
}

// Children still running when this process exits (a crash, an uncaught error, process.exit) get
// SIGTERM, so that no n8n or simulator is left behind.
const running = new Set();
process.on('exit', () => {
	for (const pid of running) killGroup(pid, 'SIGTERM');
});

function openLog(file) {
	mkdirSync(dirname(file), { recursive: true });
	return createWriteStream(file, { flags: 'a' });
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

/**
 * Starts a long-running command. The handle collects its output (and appends it to `log`),
 * `waitFor(pattern)` resolves with the first match in the output so far or to come, and `stop()`
 * sends SIGTERM to its process group, then SIGKILL after `graceMs`. `uid`/`gid` as for `run`.
 */
export function startProcess(command, args, { cwd, env, log, echo = false, uid, gid } = {}) {
	const child = spawn(command, args, {
		cwd,
		env: env ?? process.env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
		uid,
		gid,
	});
	const logStream = log ? openLog(log) : undefined;
	logStream?.write(`\n$ ${command} ${args.join(' ')}\n`);
	let output = '';
	const waiters = new Set();
	const onData = (chunk, terminal) => {
		output += chunk;
		logStream?.write(chunk);
		if (echo) terminal.write(chunk);
		for (const waiter of [...waiters]) waiter.check();
	};
	child.stdout.on('data', (chunk) => onData(chunk, process.stdout));
	child.stderr.on('data', (chunk) => onData(chunk, process.stderr));
	const exited = new Promise((resolve) => {
		child.on('close', (code, signal) => {
			logStream?.end(`\n[exit ${code ?? signal}]\n`);
			for (const waiter of [...waiters]) waiter.exit(code ?? signal);
			resolve({ code, signal });
		});
		child.on('error', (error) => {
			output += `\n[spawn error] ${error.message}\n`;
			for (const waiter of [...waiters]) waiter.exit(error.message);
			resolve({ code: null, signal: null, error });
		});
	});
	let exitStatus;
	running.add(child.pid);
	exited.then((status) => {
		exitStatus = status;
		running.delete(child.pid);
	});

	return {
		pid: child.pid,
		get output() {
			return output;
		},
		get exitStatus() {
			return exitStatus;
		},
		exited,
		/** Resolves with the match of `pattern` (RegExp) in the output; rejects on timeout or exit. */
		waitFor(pattern, timeoutMs = 60_000, what = String(pattern)) {
			return new Promise((resolve, reject) => {
				const waiter = {
					check() {
						const match = pattern.exec(output);
						if (match) finish(() => resolve(match));
					},
					exit(status) {
						finish(() =>
							reject(new Error(`${command} exited (${status}) before ${what}\n${tail(output)}`)),
						);
					},
				};
				const timer = setTimeout(
					() =>
						finish(() =>
							reject(
								new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${tail(output)}`),
							),
						),
					timeoutMs,
				);
				function finish(settle) {
					clearTimeout(timer);
					waiters.delete(waiter);
					settle();
				}
				waiters.add(waiter);
				waiter.check();
				if (exitStatus) waiter.exit(exitStatus.code ?? exitStatus.signal);
			});
		},
		/** SIGTERM to the group, SIGKILL after graceMs; resolves with how it ended. */
		async stop({ graceMs = 20_000, signal = 'SIGTERM' } = {}) {
			if (exitStatus) return { ...exitStatus, killed: false };
			killGroup(child.pid, signal);
			let killed = false;
			const timer = setTimeout(() => {
				killed = true;
				killGroup(child.pid, 'SIGKILL');
			}, graceMs);
			const status = await exited;
			clearTimeout(timer);
			// The leader has gone; make sure nothing of its group is left behind.
			killGroup(child.pid, 'SIGKILL');
			return { ...status, killed };
		},
	};
}

export function tail(text, lines = 30) {
	return text.split('\n').slice(-lines).join('\n');
}
