import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, REPO_ROOT } from '../../core/config/load-config.ts';
import { createPortal } from '../../core/portal.ts';
import { STACK_FRAME } from '../cli/run-cli.ts';
import { runCliInProcess } from '../cli/run-cli-in-process.ts';
import { withInitdbCluster } from '../support/embedded-data-dir.ts';
import { throwawayDatabase } from '../support/throwaway-database.ts';
import { browser, location } from '../support/fixtures.ts';

const ONE_TIME = /One-time password: ([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})/;

let env: Record<string, string>;
let configFile: string;
let dataDir: string;
let dbUrl: string | undefined;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  dataDir = withInitdbCluster(mkdtempSync(join(tmpdir(), 'portal-staff-cli-')));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const db = await throwawayDatabase();
  if (db) cleanups.push(db.drop);
  dbUrl = db?.url;
  configFile = join(dataDir, 'portal.yaml');
  writeFileSync(
    configFile,
    [
      `tenantsDir: ${join(REPO_ROOT, 'test/staff/fixtures/tenants')}`,
      `pluginPaths: [${join(REPO_ROOT, 'test/staff/fixtures/plugins')}]`,
      'publicBaseUrl: http://localhost:3000',
    ].join('\n'),
  );
  env = { PORTAL_DATA_DIR: dataDir, DATABASE_URL: dbUrl ?? '', NODE_ENV: 'development' };
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const create = (...args: string[]) => runCliInProcess(['staff', 'create', '--config', configFile, ...args], env);

describe('portal staff create', () => {
  it('creates the first administrator with a one-time password; TOTP and a new password come at first login', { timeout: 90_000 }, async () => {
    const res = await create('--tenant', 'acme', '--email', 'Duena@Acme.test', '--name', 'Dueña de Acme', '--role', 'administrator');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Created administrator duena@acme.test');
    expect(res.stdout).toContain('http://acme.localhost:3000/staff/login');
    const password = ONE_TIME.exec(res.stdout)?.[1];
    expect(password).toBeTruthy();

    const config = await loadConfig({ env: {}, overrides: { env: 'test', logLevel: 'warn', dataDir, tenantsDir: join(REPO_ROOT, 'test/staff/fixtures/tenants'), pluginPaths: [join(REPO_ROOT, 'test/staff/fixtures/plugins')], session: { secret: 'y'.repeat(48) }, database: { url: dbUrl } } });
    const portal = await createPortal(config);
    try {
      const c = browser(portal, 'portal.acme.test');
      await c.get('/staff/login');
      const login = await c.post('/staff/login', { email: 'duena@acme.test', password: password! });
      expect(location(login)).toBe('/staff/totp/enrol');
      const [row] = await portal.db.orm.em.getConnection().execute(`SELECT role, must_change_password, totp_required FROM staff_users WHERE email = 'duena@acme.test'`);
      expect(row).toEqual({ role: 'administrator', must_change_password: true, totp_required: true });
      const [audit] = await portal.db.orm.em.getConnection().execute(`SELECT actor_type, details FROM audit_log WHERE action = 'staff.created'`);
      expect(audit).toMatchObject({ actor_type: 'system', details: { via: 'cli', role: 'administrator' } });
    } finally {
      await portal.close();
    }
  });

  it('explains a duplicate, an unknown tenant, a bad role and a missing terminal in one line', { timeout: 90_000 }, async () => {
    const dup = await create('--tenant', 'acme', '--email', 'duena@acme.test', '--name', 'Otra', '--role', 'support');
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim()).toBe('error: duena@acme.test is already an operator of tenant acme');
    const tenant = await create('--tenant', 'nadie', '--email', 'a@b.test', '--name', 'A', '--role', 'support');
    expect(tenant.code).toBe(1);
    expect(tenant.stderr).toContain('no tenant "nadie"');
    const role = await create('--tenant', 'acme', '--email', 'a@b.test', '--name', 'A', '--role', 'root');
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('--role must be one of administrator, billing, support, field');
    // This process's stdin is a pipe, never a terminal (vitest's workers are started without one),
    // as it is for a script or a CI job.
    const tty = await create('--tenant', 'acme', '--email', 'a@b.test', '--name', 'A', '--role', 'support', '--ask-password');
    expect(tty.code).toBe(2);
    expect(tty.stderr).toContain('--ask-password needs a terminal');
    for (const r of [dup, tenant, role, tty]) expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});
