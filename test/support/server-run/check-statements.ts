import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../../../core/config/load-config.ts';
import { discoverPlugins } from '../../../core/plugins/discover-plugins.ts';
import { migrationSets } from '../../../core/portal.ts';
import { dropServerTemplates, serverTemplate } from '../migrated-template.ts';
import { readBackendLog, serverSelection } from './selection.ts';
import { judgeStatements } from './statement-check.ts';
import { shapeOf } from '../backend-features.ts';

/**
 * `DATABASE_URL=… node test/support/server-run/check-statements.ts <log>`: every statement shape
 * that the embedded run's files sent, for the files the server run leaves out, is put to the
 * PostgreSQL server on a database with every plugin's tables (statement-check.ts). One that
 * PGlite (PostgreSQL 18) took and the server refuses fails the check, naming the file that sent it.
 */
const logPath = process.argv[2];
const serverUrl = process.env.DATABASE_URL;
if (!logPath || !serverUrl) {
  console.error('usage: DATABASE_URL=postgres://… node test/support/server-run/check-statements.ts <backend-features log>');
  process.exit(2);
}

const log = readBackendLog(logPath);
const serverFiles = serverSelection(log);
// Each file noted one text per shape; across files, the same shape is put to the server once.
const shapes = new Map<string, { text: string; origin: string }>();
let files = 0;
for (const entry of log) {
  if (serverFiles.has(entry.file)) continue;
  files++;
  for (const text of entry.statements) {
    const shape = shapeOf(text);
    if (!shapes.has(shape)) shapes.set(shape, { text, origin: entry.file });
  }
}

const plugins = await discoverPlugins({ paths: [join(REPO_ROOT, 'plugins')], root: REPO_ROOT });
const runId = `chk${randomBytes(3).toString('hex')}`;
const url = new URL(serverUrl);
url.pathname = `/${await serverTemplate(serverUrl, runId, migrationSets(plugins))}`;
// A statement that would wait on a lock or run long is not what is judged here.
const client = new pg.Client({ connectionString: url.toString(), statement_timeout: 5000 });
await client.connect();
let verdicts;
try {
  verdicts = await judgeStatements(client, shapes.values());
} finally {
  await client.end();
  await dropServerTemplates(serverUrl, runId);
}
console.log(
  `${shapes.size} statements of the ${files} files that ran embedded only, put to the server: ${verdicts.prepared} prepared, ` +
    `${verdicts.ran} run and rolled back, ${verdicts.unknownTable} naming tables only test fixtures create, ${verdicts.alreadyThere} DDL its migrations had applied, ` +
    `${verdicts.notCheckable} neither a query nor free of bound parameters (not checked)`,
);
if (verdicts.refused.length) {
  console.error(`The server refused ${verdicts.refused.length}:`);
  for (const r of verdicts.refused) console.error(`  ${r.origin}: ${r.code} ${r.message}\n    ${r.text.replace(/\s+/g, ' ').slice(0, 300)}`);
  process.exit(1);
}
