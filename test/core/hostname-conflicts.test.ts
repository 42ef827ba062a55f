import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, REPO_ROOT } from '../../core/config/load-config.ts';
import { createPortal, type Portal } from '../../core/portal.ts';
import { throwawayDatabase } from '../support/throwaway-database.ts';
import { withInitdbCluster } from '../support/embedded-data-dir.ts';
import { Client } from '../support/browser-like-client.ts';

/*
 * Two tenant files claiming one hostname: the tenant that served it before keeps it, whatever
 * the files are called. Each portal here is a restart of the install: same tenants folder, same
 * database (a server database, or the embedded one on disk), files changed in between.
 */

let root: string;
let tenantsDir: string;
let dataDir: string;
let db: Awaited<ReturnType<typeof throwawayDatabase>>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'portal-hostnames-'));
  tenantsDir = join(root, 'tenants');
  dataDir = withInitdbCluster(join(root, 'data'));
  mkdirSync(tenantsDir);
  db = await throwawayDatabase();
});
afterAll(async () => {
  await db?.drop();
  rmSync(root, { recursive: true, force: true });
});

function tenantFile(id: string, yaml: string): void {
  writeFileSync(join(tenantsDir, `${id}.yaml`), `id: ${id}\n${yaml}`);
}

function removeTenantFile(id: string): void {
  rmSync(join(tenantsDir, `${id}.yaml`));
}

/** Starts the install, runs `fn` against it, and stops it, as an operator's restart would. */
async function withStart(fn: (portal: Portal) => Promise<void>): Promise<void> {
  const config = await loadConfig({
    env: {},
    overrides: {
      env: 'test',
      logLevel: 'silent',
      dataDir,
      tenantsDir,
      pluginPaths: [join(REPO_ROOT, 'plugins')],
      session: { secret: 'x'.repeat(48) },
      database: { url: db?.url },
    },
  });
  const portal = await createPortal(config);
  try {
    await portal.app.ready();
    await fn(portal);
  } finally {
    await portal.close();
  }
}

async function status(portal: Portal, host: string): Promise<[number, string]> {
  const res = await new Client(portal.app, host).get('/login');
  return [res.statusCode, res.body];
}

describe('a hostname two tenant files claim', () => {
  it('stays with the tenant that served it, even when the newcomer file sorts first', { timeout: 120_000 }, async () => {
    tenantFile('zeta', 'name: Zeta Fibra\nhostnames: [portal.zeta.test, clientes.zeta.test]\n');
    await withStart(async (portal) => {
      expect(await status(portal, 'clientes.zeta.test')).toEqual([200, expect.stringContaining('Zeta Fibra')]);
    });

    // "aaa-intruder" loads before "zeta" alphabetically: file order must not matter.
    tenantFile('aaa-intruder', 'name: Intruso SA\nhostnames: [portal.intruso.test, clientes.zeta.test]\n');
    await withStart(async (portal) => {
      const [code, body] = await status(portal, 'clientes.zeta.test');
      expect(code).toBe(200);
      expect(body).toContain('Zeta Fibra');
      expect(body).not.toContain('Intruso SA');
      expect((await status(portal, 'portal.zeta.test'))[0]).toBe(200);
      // The newcomer is refused as a whole, with the reason at its file's line.
      expect((await status(portal, 'portal.intruso.test'))[0]).toBe(503);
      expect(portal.tenants.broken.get('aaa-intruder')?.error).toMatch(
        /aaa-intruder\.yaml:3:\d+ hostnames\[1\]: hostname "clientes\.zeta\.test" belongs to tenant "zeta" .*which served it first/,
      );
      expect(portal.tenants.get('zeta')).toBeDefined();
    });
  });

  it('keeps a broken owner its hostnames (503) instead of handing them to the other file', { timeout: 120_000 }, async () => {
    // zeta's file breaks, even unreadably: its hostnames are still its own while it is fixed.
    tenantFile('zeta', 'name: Zeta Fibra\nhostnames: [portal.zeta.test, clientes.zeta.test\n');
    await withStart(async (portal) => {
      const [code, body] = await status(portal, 'clientes.zeta.test');
      expect(code).toBe(503);
      expect(body).not.toContain('Intruso SA');
      expect((await status(portal, 'portal.intruso.test'))[0]).toBe(503);
    });

    tenantFile('zeta', 'name: Zeta Fibra\nhostnames: [portal.zeta.test, clientes.zeta.test]\n');
    await withStart(async (portal) => {
      expect(await status(portal, 'clientes.zeta.test')).toEqual([200, expect.stringContaining('Zeta Fibra')]);
    });
  });

  it('refuses both files when neither served the hostname before', { timeout: 120_000 }, async () => {
    tenantFile('aaa-intruder', 'name: Intruso SA\nhostnames: [portal.intruso.test, nuevo.example]\n');
    tenantFile('mmm-other', 'name: Otra SRL\nhostnames: [portal.otra.test, nuevo.example]\n');
    await withStart(async (portal) => {
      expect((await status(portal, 'nuevo.example'))[0]).toBe(503);
      expect((await status(portal, 'portal.intruso.test'))[0]).toBe(503);
      expect((await status(portal, 'portal.otra.test'))[0]).toBe(503);
      expect(portal.tenants.broken.get('mmm-other')?.error).toMatch(/hostname "nuevo\.example" is also claimed by tenant "aaa-intruder".*none of them served it before/);
    });
    removeTenantFile('mmm-other');
  });

  it('applies the same rule to <brand id>.localhost and brand hostnames', { timeout: 120_000 }, async () => {
    // The newcomer's brand "zeta" would answer at zeta.localhost, zeta's own development name.
    tenantFile('aaa-intruder', 'name: Intruso SA\nhostnames: [portal.intruso.test]\nbrands:\n  - id: zeta\n    name: Zeta Trucha\n    hostnames: [www.trucha.test]\n');
    await withStart(async (portal) => {
      expect(await status(portal, 'zeta.localhost')).toEqual([200, expect.stringContaining('Zeta Fibra')]);
      expect(portal.tenants.broken.get('aaa-intruder')?.error).toMatch(/aaa-intruder\.yaml:5:\d+ brands\[0\]\.id: hostname "zeta\.localhost" belongs to tenant "zeta"/);
    });

    tenantFile('aaa-intruder', 'name: Intruso SA\nhostnames: [portal.intruso.test]\nbrands:\n  - id: trucha\n    name: Zeta Trucha\n    hostnames: [portal.zeta.test]\n');
    await withStart(async (portal) => {
      expect(await status(portal, 'portal.zeta.test')).toEqual([200, expect.stringContaining('Zeta Fibra')]);
      expect((await status(portal, 'trucha.localhost'))[0]).toBe(503);
    });
  });

  it('hands a hostname over once its tenant no longer claims it', { timeout: 120_000 }, async () => {
    tenantFile('zeta', 'name: Zeta Fibra\nhostnames: [portal.zeta.test]\n');
    tenantFile('aaa-intruder', 'name: Intruso SA\nhostnames: [portal.intruso.test, clientes.zeta.test]\n');
    await withStart(async (portal) => {
      expect(await status(portal, 'clientes.zeta.test')).toEqual([200, expect.stringContaining('Intruso SA')]);
      expect(await status(portal, 'portal.zeta.test')).toEqual([200, expect.stringContaining('Zeta Fibra')]);
    });
  });
});
