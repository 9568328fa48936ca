import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';

export interface LogEntry {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	metadata: unknown;
}

const entries: LogEntry[] = [];

/**
 * Replaces n8n's logger (what nodes reach as `this.logger`, and the engine's error reporting)
 * with one that records instead of printing, so tests can read what was logged. Set
 * TEST_LOGS=1 to print as well.
 */
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

Container.set(Logger, capturingLogger as unknown as Logger);
LoggerProxy.init(capturingLogger);

/** Everything logged so far in this test file. */
export function capturedLogs(): LogEntry[] {
	return entries;
}
