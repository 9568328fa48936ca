// Reads n8n's PostgreSQL database with the `pg` and `flatted` modules of the n8n install (n8n's own
// dependencies; nothing is added to the package or the repository): executions with their run
// data, in the shape e2e/lib/read-executions.cjs gives for SQLite, and cheap counts for polling.
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { hostModules } from '../lib/hosts.mjs';

/** `postgres`: { host, port, database, user } of services.mjs. Call `close()` when done. */
export function openDatabase(line, postgres) {
	const require = createRequire(join(hostModules(line.host), 'n8n', 'package.json'));
	const { Pool } = require('pg');
	const { parse } = require('flatted');
	const pool = new Pool({
		host: postgres.host,
		port: postgres.port,
		database: postgres.database,
		user: postgres.user,
		max: 2,
	});
	// an idle connection that PostgreSQL ends (it is stopping) is no error of a query
	pool.on('error', () => undefined);

	const query = async (sql, params) => (await pool.query(sql, params)).rows;

	return {
		query,

		/** Executions of a workflow, oldest first, with their run data (`data`, parsed). */
		async executions(workflowId, { afterId = 0 } = {}) {
			const rows = await query(
				`SELECT e.id, e.mode, e.status, e.finished, e."createdAt", e."startedAt", e."stoppedAt", d.data
				   FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
				  WHERE e."workflowId" = $1 AND e.id > $2 ORDER BY e.id`,
				[workflowId, afterId],
			);
			return rows.map(({ data, ...row }) => ({
				...row,
				id: Number(row.id),
				createdAt: iso(row.createdAt),
				startedAt: iso(row.startedAt),
				stoppedAt: iso(row.stoppedAt),
				data: parseRunData(parse, data),
			}));
		},

		/** How many executions of a workflow (after `afterId`) are in each status. */
		async statusCounts(workflowId, { afterId = 0 } = {}) {
			const rows = await query(
				`SELECT status, count(*)::int AS count FROM execution_entity
				  WHERE "workflowId" = $1 AND id > $2 GROUP BY status`,
				[workflowId, afterId],
			);
			return Object.fromEntries(rows.map((row) => [row.status, row.count]));
		},

		/** The newest execution ID of all workflows (0 when there is none). */
		async lastExecutionId() {
			const [row] = await query('SELECT coalesce(max(id), 0)::int AS id FROM execution_entity');
			return row.id;
		},

		close: () => pool.end(),
	};
}

/** Statuses of executions that have ended (n8n's ExecutionStatus). */
export const ENDED = ['success', 'error', 'crashed', 'canceled'];

function parseRunData(parse, data) {
	if (!data) return undefined;
	try {
		return parse(data);
	} catch (error) {
		return { unparsable: String(error) };
	}
}

function iso(value) {
	return value instanceof Date ? value.toISOString() : (value ?? null);
}
