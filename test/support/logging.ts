import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { LoggerProxy } from 'n8n-workflow';

export interface LogEntry {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	metadata: unknown;
}

const entries: LogEntry[] = [];

function record(level: LogEntry['level']) {
	return (message: string, metadata: unknown = {}) => {
		entries.push({ level, message, metadata });
		if (process.env.TEST_LOGS) console.log(`[${level}] ${message}`);
	};
}

const capturingLogger = {
	error: record('error'),
	warn: record('warn'),
	info: record('info'),
	debug: record('debug'),
	scoped() {
		return capturingLogger;
	},
};

// n8n-core ships its own copies of @n8n/di and @n8n/backend-common: nodes get `this.logger` from
// those, so the logger is replaced in n8n-core's container as well as in the top-level one.
const coreDirectory = dirname(require.resolve('n8n-core'));
for (const directory of [coreDirectory, __dirname]) {
	const loadFrom = createRequire(join(directory, 'index.js'));
	const { Container } = loadFrom('@n8n/di') as typeof import('@n8n/di');
	const { Logger } = loadFrom('@n8n/backend-common') as typeof import('@n8n/backend-common');
	Container.set(Logger, capturingLogger as unknown as InstanceType<typeof Logger>);
}
LoggerProxy.init(capturingLogger);

/**
 * Everything logged so far in this test file, through n8n's logger (what nodes reach as
 * `this.logger`) or the engine's. Set TEST_LOGS=1 to print it as well.
 */
export function capturedLogs(): LogEntry[] {
	return entries;
}
