import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STACK_FRAME } from './run-cli.ts';
import { runCliInProcess } from './run-cli-in-process.ts';
import { throwawayDatabase } from '../support/throwaway-database.ts';
import { withInitdbCluster } from '../support/embedded-data-dir.ts';

const ACCESS_KEY = /\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b/;

let env: Record<string, string>;
const cleanups: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-dbcmd-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const db = await throwawayDatabase();
  if (db) cleanups.push(db.drop);
  env = { PORTAL_DATA_DIR: withInitdbCluster(dataDir), DATABASE_URL: db?.url ?? '', NODE_ENV: 'development' };
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('commands that open the database', () => {
  it('migrate applies core migrations once, then has nothing to apply', { timeout: 60_000 }, async () => {
    const first = await runCliInProcess(['migrate'], env);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('Applied core/001_core.sql');
    const second = await runCliInProcess(['migrate'], env);
    expect(second.stdout).toContain('Nothing to apply');
    expect(second.code).toBe(0);
  });

  it('seed demo prints the demo logins and can run again', { timeout: 60_000 }, async () => {
    for (let run = 0; run < 2; run++) {
      const res = await runCliInProcess(['seed', 'demo'], env);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/aguas-del-valle\s+2001457, 2003310\s+aguas-demo/);
    }
  });

  it('customer issue-key emails the key and says where, never printing it', { timeout: 60_000 }, async () => {
    const res = await runCliInProcess(['customer', 'issue-key', '--tenant', 'rednorte', '--account', '104750'], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('sent to lflores@example.com');
    expect(res.stdout).not.toMatch(ACCESS_KEY);
    const file = /Written to (\S+\.eml)/.exec(res.stdout)?.[1];
    expect(file).toBeDefined();
    expect(readFileSync(file!, 'utf8')).toMatch(ACCESS_KEY);
  });

  it('customer issue-key explains an unknown account or tenant in one line', { timeout: 60_000 }, async () => {
    const account = await runCliInProcess(['customer', 'issue-key', '--tenant', 'rednorte', '--account', '000000'], env);
    expect(account.code).toBe(1);
    expect(account.stderr.trim()).toBe('error: account 000000 does not exist in tenant rednorte');
    const tenant = await runCliInProcess(['customer', 'issue-key', '--tenant', 'nadie', '--account', '1'], env);
    expect(tenant.code).toBe(1);
    expect(tenant.stderr).toContain('unknown tenant "nadie"; known: aguas-del-valle, nubehost, rednorte');
    expect(tenant.stderr).not.toMatch(STACK_FRAME);
  });
});
