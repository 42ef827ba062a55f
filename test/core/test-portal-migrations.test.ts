import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { query } from '../support/fixtures.ts';

/**
 * Test portals start from a copy migrated once per run and plugin set (migrated-template.ts): a
 * portal with fewer plugins must not inherit another set's tables, and each copy must be a whole,
 * separate database.
 */
const started: TestPortal[] = [];
afterAll(async () => {
  for (const portal of started) await portal.dispose();
});

const WITHOUT_HELLO = { tenantsDir: join(REPO_ROOT, 'test/browser/fixtures/tenants'), pluginPaths: [join(REPO_ROOT, 'plugins')] };

async function start(overrides = {}): Promise<TestPortal> {
  const portal = await startTestPortal(overrides);
  started.push(portal);
  return portal;
}

async function helloState(portal: TestPortal) {
  const [{ table }] = await query<{ table: string | null }>(portal, `SELECT to_regclass('hello_greetings')::text AS "table"`);
  const applied = await query<{ name: string }>(portal, `SELECT name FROM portal_migrations WHERE owner = 'hello'`);
  return { table, applied: applied.map((r) => r.name) };
}

describe('test portals and their migrations', () => {
  // Three portal starts and two migrated copies: more than the usual test's time on a busy machine.
  it('each portal has exactly the migrations of its own plugins, whichever portal started before it', { timeout: 120_000 }, async () => {
    const withHello = await start();
    const withoutHello = await start(WITHOUT_HELLO);
    const withHelloAgain = await start();

    expect(await helloState(withHello)).toEqual({ table: 'hello_greetings', applied: ['001_greetings.sql'] });
    expect(await helloState(withoutHello)).toEqual({ table: null, applied: [] });
    expect(await helloState(withHelloAgain)).toEqual({ table: 'hello_greetings', applied: ['001_greetings.sql'] });
    for (const portal of started) expect(await portal.db.pendingMigrations()).toEqual([]);
    const core = await query<{ count: string }>(withoutHello, `SELECT count(*) AS count FROM portal_migrations WHERE owner = 'core'`);
    expect(Number(core[0].count)).toBeGreaterThan(0);
  });

  it('two portals started from the same copy do not see each other’s rows', { timeout: 90_000 }, async () => {
    const first = await start();
    const second = await start();
    await query(first, `INSERT INTO portal_migrations (owner, name) VALUES ('probe', '999_only_here.sql')`);
    expect(await query(first, `SELECT name FROM portal_migrations WHERE owner = 'probe'`)).toEqual([{ name: '999_only_here.sql' }]);
    expect(await query(second, `SELECT name FROM portal_migrations WHERE owner = 'probe'`)).toEqual([]);
  });
});
