// Prints the executions of one workflow as JSON, read from n8n's sqlite database with the sqlite3
// and flatted modules of the n8n install (run with that install's Node and NODE_PATH pointing at
// its node_modules): node read-executions.cjs <database.sqlite> <workflowId> [afterId]
// (afterId: only the executions with a greater ID)
'use strict';
const sqlite3 = require('sqlite3');
const { parse } = require('flatted');

const [databaseFile, workflowId, afterId = '0'] = process.argv.slice(2);
const db = new sqlite3.Database(databaseFile, sqlite3.OPEN_READONLY, (error) => {
	if (error) fail(error);
});
db.configure('busyTimeout', 10000);
db.all(
	// e.*: n8n 2.x adds columns such as deduplicationKey
	`SELECT e.*, d.data
	   FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id
	  WHERE e.workflowId = ? AND CAST(e.id AS INTEGER) > ? ORDER BY CAST(e.id AS INTEGER)`,
	[workflowId, Number(afterId)],
	(error, rows) => {
		if (error) fail(error);
		const executions = rows.map(({ data, ...row }) => {
			let run;
			try {
				run = data ? parse(data) : undefined;
			} catch (parseError) {
				run = { unparsable: String(parseError) };
			}
			return { ...row, data: run };
		});
		process.stdout.write(JSON.stringify(executions));
		db.close();
	},
);

function fail(error) {
	process.stderr.write(String(error && error.stack ? error.stack : error));
	process.exit(1);
}
