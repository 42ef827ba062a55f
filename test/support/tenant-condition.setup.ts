import { appendFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll } from 'vitest';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { tenantConditionProblem, tenantOwnedTables } from './tenant-condition.ts';
import { CROSS_TENANT_QUERIES } from './cross-tenant-queries.ts';
import { hookPgQuery, ORM_PG_CLIENT } from './pg-query-hook.ts';

/**
 * Every SQL statement the portal sends in a test run, on either database (both go through pg's
 * Client), is checked: one on a tenant-owned table must constrain tenant_id, or be listed in
 * cross-tenant-queries.ts with its reason. A file whose product code sent such a statement fails,
 * naming the statement and the code that sent it. Statements a test sends itself to look at rows
 * are the test's business and are not checked.
 */
const KEY = Symbol.for('portal.test.tenant-condition');
interface Finding {
  problem: string;
  sql: string;
  origin: string;
}
const state = ((globalThis as { [KEY]?: { findings: Finding[] } })[KEY] ??= install());

function install(): { findings: Finding[] } {
  // Deep enough to reach, through the ORM, kysely and pg, the code that sent the statement.
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 80);
  const findings: Finding[] = [];
  const dirs = [join(REPO_ROOT, 'core/migrations'), ...pluginMigrationDirs()];
  const owned = tenantOwnedTables(dirs);
  hookPgQuery(ORM_PG_CLIENT, (text, _client, send) => {
    const problem = tenantConditionProblem(text, owned, CROSS_TENANT_QUERIES);
    const origin = problem ? productOrigin(new Error().stack ?? '') : null;
    if (problem && origin) {
      findings.push({ problem, sql: text.replace(/\s+/g, ' ').slice(0, 400), origin });
      if (process.env.TENANT_CHECK_LOG) appendFileSync(process.env.TENANT_CHECK_LOG, `${origin}\t${problem}\t${text.replace(/\s+/g, ' ').slice(0, 400)}\n`);
    }
    return send();
  });
  return { findings };
}

function pluginMigrationDirs(): string[] {
  const roots = [join(REPO_ROOT, 'plugins'), join(REPO_ROOT, 'test/fixtures/plugins'), join(REPO_ROOT, 'test/staff/fixtures/plugins'), join(REPO_ROOT, 'plugins/service-requests/test-fixtures/plugins')];
  const dirs: string[] = [];
  for (const root of roots) {
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      if (entry.isDirectory() && readdirSync(join(root, entry.name)).includes('migrations')) dirs.push(join(root, entry.name, 'migrations'));
    }
  }
  return dirs;
}

/**
 * The innermost frame of the portal's own code that sent the statement (database plumbing in
 * core/db left out), or null when a test, a test harness or a fixture sent it.
 */
function productOrigin(stack: string): string | null {
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?(\/[^():]+):(\d+):\d+\)?$/.exec(line.trim());
    if (!m || !m[1].startsWith(REPO_ROOT) || m[1].includes('/node_modules/')) continue;
    const file = relative(REPO_ROOT, m[1]);
    // The hook's own frames (this file, pg-query-hook.ts) sit between the statement and its sender.
    if (file.startsWith('core/db/') || file.startsWith('test/support/tenant-condition') || file === 'test/support/pg-query-hook.ts') continue;
    if (/^test\/|\.test\.ts$|\/tests?\/|\/testing\/|\/test-fixtures\/|^bench\//.test(file)) return null;
    return `${file}:${m[2]}`;
  }
  return null;
}

const before = state.findings.length;
afterAll(() => {
  const mine = state.findings.slice(before);
  if (mine.length === 0) return;
  const unique = [...new Map(mine.map((f) => [`${f.origin} ${f.sql}`, f])).values()];
  throw new Error(
    `SQL on tenant-owned tables without a tenant_id condition (add it, or list the query in test/support/cross-tenant-queries.ts with its reason):\n` +
      unique.map((f) => `  ${f.origin}: ${f.problem}\n    ${f.sql}`).join('\n'),
  );
});
