import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { createStaff, loginStaff, query, REPO_ROOT, runJob, seedCustomer, startTestPortal, Client, type TestPortal } from 'portal/testing';

const FIXTURE = join(REPO_ROOT, 'test/fixtures/npm-plugin');
const HOST = 'portal.avisos.test';

let dir: string;
let pluginsDir: string;
let portal: TestPortal;

/**
 * The fixture packed as npm publishes it and unpacked as npm installs it, into a plugin folder
 * that is an npm project of its own: its node_modules holds the package and `portal` (a link to
 * this repository, as `npm install ../portal` would make). No network.
 */
function installPacked(): string {
  dir = mkdtempSync(join(tmpdir(), 'portal-npm-plugin-'));
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir, join(FIXTURE, 'portal-plugin-notices')], { encoding: 'utf8' }).trim().split('\n').pop()!;
  const pluginsDir = join(dir, 'plugins');
  const installed = join(pluginsDir, 'node_modules', 'portal-plugin-notices');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', installed, '--strip-components=1']);
  symlinkSync(REPO_ROOT, join(pluginsDir, 'node_modules', 'portal'), 'dir');
  return pluginsDir;
}

beforeAll(async () => {
  pluginsDir = installPacked();
  portal = await startTestPortal({ tenantsDir: join(FIXTURE, 'tenants'), pluginPaths: [pluginsDir], pluginPackages: ['portal-plugin-notices'] });
  await query(portal, `INSERT INTO notices (tenant_id, title, starts_at) VALUES ('avisos', 'Corte en barrio Norte', '2026-03-09T17:30:00Z'), ('quieto', 'De otro', now())`);
});
afterAll(async () => {
  await portal?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a plugin installed as an npm package', () => {
  it('is packed with only what its package.json lists', () => {
    const installed = join(dir, 'plugins/node_modules/portal-plugin-notices');
    expect(readdirSync(installed).sort()).toEqual(['assets', 'locales', 'migrations', 'package.json', 'plugin.js', 'views']);
  });

  it('loads under plain Node too: the CLI checks a tenant file against its settings schema', async () => {
    const config = join(dir, 'portal.yaml');
    writeFileSync(config, `tenantsDir: ${JSON.stringify(join(FIXTURE, 'tenants'))}\npluginPaths: [${JSON.stringify(pluginsDir)}]\npluginPackages: [portal-plugin-notices]\n`);
    const res = await runCli(['tenant', 'validate', '--config', config, join(FIXTURE, 'tenants/avisos.yaml')]);
    expect(res.stderr + res.stdout).toContain('OK');
    expect(res.code).toBe(0);
  });

  it('has its migration applied at start', async () => {
    expect(await query(portal, 'SELECT tenant_id, title, published FROM notices ORDER BY id')).toEqual([
      { tenant_id: 'avisos', title: 'Corte en barrio Norte', published: false },
      { tenant_id: 'quieto', title: 'De otro', published: false },
    ]);
  });

  it('runs its job, then shows the customer page in the tenant language and zone, and in English', async () => {
    const customer = await seedCustomer(portal.db, { tenantId: 'avisos', email: 'ana@avisos.test', password: 'mate amargo con bizcochitos' });
    const client = new Client(portal.app, HOST);
    expect((await client.login(customer.email, customer.password)).statusCode).toBe(303);

    const before = await client.get('/notices');
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('Avisos de servicio');
    expect(before.body).toContain('No hay avisos.');
    expect(before.body).toContain('Cortes programados');

    expect(await runJob(portal, { plugin: 'notices', name: 'publish', tenant: 'avisos' })).toEqual([true]);
    const after = await client.get('/notices');
    // 17:30 UTC is 14:30 in Salta; the other tenant's notice stays there.
    expect(after.body).toContain('Corte en barrio Norte · desde 09/03/2026 14:30');
    expect(after.body).not.toContain('De otro');

    const english = await client.get('/notices?lang=en');
    expect(english.body).toContain('Service notices');
    expect(english.body).toContain('Corte en barrio Norte · from 09/03/2026 14:30');
  });

  it('serves its assets, and answers 404 on a tenant that does not enable it', async () => {
    const css = await new Client(portal.app, HOST).get('/assets/p/notices/notices.css');
    expect(css.statusCode).toBe(200);
    expect(css.body).toContain('.notices li');
    expect((await new Client(portal.app, 'portal.quieto.test').get('/notices')).statusCode).toBe(404);
  });

  it('opens its staff screen to operators holding its permission only', async () => {
    const support = await loginStaff(portal, HOST, await createStaff(portal, 'avisos', { role: 'support' }));
    const screen = await support.get('/staff/notices');
    expect(screen.statusCode).toBe(200);
    expect(screen.body).toContain('Corte en barrio Norte');
    expect(screen.body).toContain('Avisos de servicio');

    const billing = await loginStaff(portal, HOST, await createStaff(portal, 'avisos', { role: 'billing' }));
    expect((await billing.get('/staff/notices')).statusCode).toBe(403);
  });
});
