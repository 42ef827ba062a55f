import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STACK_FRAME } from '../cli/run-cli.ts';
import { runCliInProcess } from '../cli/run-cli-in-process.ts';
import { throwawayDatabase } from '../support/throwaway-database.ts';
import { withInitdbCluster } from '../support/embedded-data-dir.ts';
import { TENANTS_DIR } from './support/api-portal.ts';
import { csv, fileFolder } from './support/import-files.ts';

const files = fileFolder();
let env: Record<string, string>;
let config: string;
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const db = await throwawayDatabase();
  drop = db?.drop;
  const dataDir = files.write('.keep', '').replace(/\/\.keep$/, '');
  config = files.write('portal.yaml', [`tenantsDir: ${TENANTS_DIR}`, 'publicBaseUrl: https://portal.example:443'].join('\n'));
  env = { PORTAL_DATA_DIR: withInitdbCluster(join(dataDir, 'data')), DATABASE_URL: db?.url ?? '', NODE_ENV: 'development' };
});
afterAll(async () => {
  await drop?.();
  files.cleanup();
});

describe('portal api-key create', () => {
  it('prints the key once, with its prefix and scopes', async () => {
    const res = await runCliInProcess(['api-key', 'create', '--tenant', 'apione', '--name', 'Facturación', '--scopes', 'invoices:write,customers:read', '--config', config], env);
    expect(res.code, res.stderr).toBe(0);
    const key = /^\s+(ptl_[0-9a-f]{8}_[\w-]{43})$/m.exec(res.stdout)?.[1];
    expect(key).toBeDefined();
    expect(res.stdout).toContain(`(${key!.slice(0, 12)}…)`);
    expect(res.stdout).toContain('customers:read, invoices:write');
  });

  it('refuses an unknown resource or access, naming it, without a stack trace', async () => {
    const res = await runCliInProcess(['api-key', 'create', '--tenant', 'apibare', '--name', 'x', '--scopes', 'invoices:write,customers:delete', '--config', config], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('no resource "invoices"');
    expect(res.stderr).toContain('"customers:delete" is not <resource>:read or <resource>:write');
    expect(res.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('portal import', () => {
  it('lists rejected rows by line, writes the full report and exits 1; a clean file exits 0', async () => {
    const accounts = files.write('cli-accounts.csv', csv([['number', 'holderName', 'documentType', 'documentNumber'], ['CA-1', 'Uno', 'DNI', '1'], ['CA-2', 'Dos', 'dni', '2'], ['CA-3', 'Tres', 'DNI', '3']]));
    const bad = await runCliInProcess(['import', 'apione', 'accounts', accounts, '--batch-size', '2', '--config', config], env);
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/3 rows in [\d.]+ s \([\d,]+ rows\/s\): 1 new, 0 updated, 0 unchanged, 1 rejected\./);
    expect(bad.stdout).toContain('lines 2–3 (2 rows)');
    expect(bad.stdout).toContain('line 3: documentType must match pattern');
    expect(readFileSync(`${accounts}.rejected.csv`, 'utf8')).toMatch(/^line,field,reason\n3,documentType,/);

    writeFileSync(accounts, csv([['number', 'holderName', 'documentType', 'documentNumber'], ['CA-1', 'Uno', 'DNI', '1'], ['CA-2', 'Dos', 'DNI', '2']]));
    const ok = await runCliInProcess(['import', 'apione', 'accounts', accounts, '--config', config], env);
    expect(ok.code, ok.stderr).toBe(0);
    // CA-1 shared the failed batch with CA-2, so it is new now too.
    expect(ok.stdout).toMatch(/2 rows .*: 2 new, 0 updated, 0 unchanged, 0 rejected\./);
  });

  it('names the kinds a tenant has when asked for one it has not', async () => {
    const res = await runCliInProcess(['import', 'apibare', 'invoices', 'x.csv', '--config', config], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/no kind "invoices" for apibare; kinds:\n\s+customers/);
    expect(res.stderr).not.toMatch(/\n\s+invoices/);
    expect(existsSync('x.csv.rejected.csv')).toBe(false);
  });
});
