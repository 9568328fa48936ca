import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { RemoteSimulatorSetup } from './simulatorProcess';

export interface RemoteSimulator {
	url: string;
	apiKey: string;
	credentials: { apiKey: string; serverAddress: string };
	close(): Promise<void>;
}

/** Starts a simulator in a child process (see simulatorProcess.ts) and waits until it listens. */
export async function startRemoteSimulator(setup: RemoteSimulatorSetup): Promise<RemoteSimulator> {
	const tsx = join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
	const child = spawn(
		process.execPath,
		[tsx, join(__dirname, 'simulatorProcess.ts'), JSON.stringify(setup)],
		{
			stdio: ['pipe', 'pipe', 'inherit'],
		},
	);
	const firstLine = await new Promise<string>((resolve, reject) => {
		createInterface({ input: child.stdout }).once('line', resolve);
		child.once('exit', (code) => reject(new Error(`simulator process exited with ${code}`)));
	});
	const { url, key } = JSON.parse(firstLine) as { url: string; key: string };
	return {
		url,
		apiKey: key,
		credentials: { apiKey: key, serverAddress: url },
		close: async () => {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.stdin.end();
			await exited;
		},
	};
}
