import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { migrate } from '../../core/db/migrate.ts';
import { listenTestPortal, startTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * A plugin of its own in a temporary folder, so the test can give it a migration file after the
 * portal started: what a node sees when its code is newer than the database's schema.
 */
function latePlugin(): { base: string; addMigration(file: string, sql: string): void } {
  const base = mkdtempSync(join(tmpdir(), 'portal-late-plugin-'));
  const dir = join(base, 'late');
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  const definePlugin = pathToFileURL(join(REPO_ROOT, 'core/plugins/define-plugin.ts')).href;
  writeFileSync(join(dir, 'plugin.ts'), `import { definePlugin } from '${definePlugin}';\nexport default definePlugin({ name: 'late', version: '0.0.1', sdk: '^1.0.0' });\n`);
  writeFileSync(join(dir, 'migrations', '001_first.sql'), 'CREATE TABLE late_first (id integer PRIMARY KEY);\n');
  return { base, addMigration: (file, sql) => writeFileSync(join(dir, 'migrations', file), sql) };
}

const log: string[] = [];
let portal: TestPortal;
let late: ReturnType<typeof latePlugin>;

beforeAll(async () => {
  late = latePlugin();
  portal = await startTestPortal(
    { logLevel: 'info', pluginPaths: [join(REPO_ROOT, 'plugins'), join(REPO_ROOT, 'test/fixtures/plugins'), late.base] },
    { logStream: { write: (line) => void log.push(line) } },
  );
}, 60_000);
afterAll(async () => {
  await portal?.dispose();
  rmSync(late.base, { recursive: true, force: true });
});

const probe = (path: string, host = 'portal.alpha.test') => portal.app.inject({ method: 'GET', url: path, headers: { host } });

describe('/healthz and /readyz', () => {
  it('answer 200 in JSON on any Host: a tenant, an unknown host, a broken tenant, an IP, none', async () => {
    for (const host of ['portal.alpha.test', 'nobody.example', 'portal.broken.test', '10.0.0.7:3000', '']) {
      const health = await probe('/healthz', host);
      expect(health.statusCode, host).toBe(200);
      expect(health.json()).toEqual({ status: 'ok' });
      const ready = await probe('/readyz', host);
      expect(ready.statusCode, host).toBe(200);
      expect(ready.json()).toEqual({ status: 'ok', checks: { database: { ok: true }, migrations: { ok: true }, storage: { ok: true } } });
      // No session, CSRF or language cookie: a probe leaves nothing behind and is never redirected.
      expect(ready.headers['set-cookie'], host).toBeUndefined();
      expect(ready.headers.location).toBeUndefined();
    }
  });

  it('answer together: many probes at once over HTTP all say 200, none tripping over another', async () => {
    const port = await listenTestPortal(portal);
    const hits = await Promise.all(
      Array.from({ length: 12 }, (_, i) => fetch(`http://127.0.0.1:${port}/${i % 3 ? 'readyz' : 'healthz'}`).then(async (r) => ({ status: r.status, body: await r.json() }))),
    );
    expect(hits.map((h) => h.status)).toEqual(Array(12).fill(200));
    expect(hits.filter((h) => 'checks' in h.body).every((h) => h.body.status === 'ok')).toBe(true);
  });

  it('are not logged for every hit at info level, while a tenant request is, with tenant and reqId', async () => {
    log.length = 0;
    await probe('/healthz');
    await probe('/readyz', 'nobody.example');
    expect(log.filter((l) => /healthz|readyz/.test(l))).toEqual([]);

    const page = await probe('/login');
    expect(page.statusCode).toBe(200);
    const lines = log.map((l) => JSON.parse(l));
    const completed = lines.find((l) => l.msg === 'request completed' && l.res?.statusCode === 200);
    expect(completed).toMatchObject({ tenant: 'alpha', reqId: expect.any(String) });
  });

  it('answers 503 naming migrations while a plugin has a migration file not applied, and 200 once applied', async () => {
    late.addMigration('002_second.sql', 'CREATE TABLE late_second (id integer PRIMARY KEY);\n');
    const pending = await probe('/readyz');
    expect(pending.statusCode).toBe(503);
    const body = pending.json();
    expect(body.status).toBe('fail');
    expect(body.checks.migrations.ok).toBe(false);
    expect(body.checks.migrations.error).toContain('late/002_second.sql');
    expect(body.checks.database).toEqual({ ok: true });
    expect(body.checks.storage).toEqual({ ok: true });
    expect((await probe('/healthz')).statusCode).toBe(200);

    await migrate(portal.db.orm, portal.plugins.filter((p) => p.name === 'late').map((p) => ({ owner: p.name, dir: join(p.dir, 'migrations') })));
    expect((await probe('/readyz')).statusCode).toBe(200);
  });

  it('answers 503 naming storage when the files folder cannot be written, and 200 when it can again', async () => {
    const uploads = join(portal.config.dataDir, 'files');
    rmSync(uploads, { recursive: true, force: true });
    // A file where the folder should be: no write can succeed there, even as root.
    writeFileSync(uploads, 'not a folder');
    const broken = await probe('/readyz', 'nobody.example');
    expect(broken.statusCode).toBe(503);
    expect(broken.json().checks.storage.ok).toBe(false);
    expect(broken.json().checks.database).toEqual({ ok: true });
    rmSync(uploads);
    expect((await probe('/readyz')).statusCode).toBe(200);
  });
});
