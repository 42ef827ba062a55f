// Spawned by run.ts: one tenant (the RedNorte demo file) with its demo customers and a tenant's
// worth of other accounts, served by the portal and by the hand-written baseline in this process,
// so the load generator has its own. argv[2]: a PostgreSQL URL; none runs the embedded database.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { createPortal } from '../../core/portal.ts';
import { seedDemo } from '../../core/cli/demo-seed.ts';
import { DEMO_TENANTS } from '../../core/cli/demo/demo-tenants.ts';
import { Client } from '../../test/support/browser-like-client.ts';
import { benchConfig } from '../portal-config.ts';
import { fillTenant } from './bulk-data.ts';
import { countQueries } from './query-counter.ts';
import { rawSignedInServer } from './raw-server.ts';
import { PAGES, sameHtml, type ServeSignedInInfo } from './pages.ts';
import { stopWithParent } from '../stop-with-parent.ts';

const TENANT = 'rednorte';
const opts = JSON.parse(process.argv[2] ?? '{}') as { databaseUrl?: string; accounts: number; perAccount: number; poolSize: number };
const log = (line: string) => process.stderr.write(`  [serve] ${line}\n`);
const queries = countQueries();
const work = mkdtempSync(join(tmpdir(), 'portal-bench-signed-'));
cpSync(join(REPO_ROOT, 'tenants', `${TENANT}.yaml`), join(work, 'tenants', `${TENANT}.yaml`));
cpSync(join(REPO_ROOT, 'tenants', TENANT), join(work, 'tenants', TENANT), { recursive: true });
const config = await benchConfig({ tenantsDir: join(work, 'tenants'), dataDir: join(work, 'data'), databaseUrl: opts.databaseUrl });
// The embedded database takes 8 connections in all (EMBEDDED_MAX_CONNECTIONS), for both servers;
// it runs one query at a time anyway.
const pools = opts.databaseUrl ? { portal: opts.poolSize, raw: opts.poolSize } : { portal: 5, raw: 3 };
config.database.poolSize = pools.portal;
// The log goes to stderr: stdout carries only the ready line the parent reads.
const portal = await createPortal(config, { embeddedInMemory: true, logStream: process.stderr });
let raw: Awaited<ReturnType<typeof rawSignedInServer>> | undefined;

const shutdown = stopWithParent(() => Promise.allSettled([portal.close(), raw?.close()]), work, { watchStdin: true });

try {
  const demo = DEMO_TENANTS.filter((d) => d.tenantId === TENANT);
  const seeded = await seedDemo(portal, demo);
  const login = seeded.logins.find((l) => l.accountNumbers.length > 1) ?? seeded.logins[0];
  const started = Date.now();
  await fillTenant(portal.db.forTenant(TENANT), TENANT, opts.accounts, opts.perAccount);
  log(`${opts.accounts} accounts × ${opts.perAccount} invoices written in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const tenant = portal.tenants.get(TENANT)!;
  const host = tenant.hostnames[0];
  const client = new Client(portal.app, host);
  const answer = await client.login(login.email, login.password);
  if (answer.statusCode !== 303) throw new Error(`login answered ${answer.statusCode}`);
  const sid = client.cookie('portal_sid') ?? client.cookie('__Host-portal');
  if (!sid) throw new Error('no session cookie after login');
  await client.get('/dashboard');
  // Every cookie a browser would send back, the CSRF secret's included: without it each page would mint and set a new one.
  const cookie = [client.cookie('portal_sid') ? 'portal_sid' : '__Host-portal', '_csrf']
    .map((name) => `${name}=${encodeURIComponent(client.cookie(name) ?? '')}`)
    .join('; ');
  if (!client.cookie('_csrf')) throw new Error('no CSRF cookie after a signed-in page');

  raw = await rawSignedInServer({ portal, tenant, databaseUrl: String(portal.db.orm.config.get("clientUrl")), poolSize: pools.raw, prepare: Boolean(opts.databaseUrl) });
  await portal.app.listen({ host: '127.0.0.1', port: 0 });
  await raw.app.listen({ host: '127.0.0.1', port: 0 });
  const portalPort = (portal.app.server.address() as AddressInfo).port;
  const rawPort = (raw.app.server.address() as AddressInfo).port;

  const info: ServeSignedInInfo = { portalPort, rawPort, host, cookie, pages: [] };
  for (const path of PAGES) {
    const get = (port: number) => httpGet(port, path, { host, cookie });
    const perSide = async (port: number) => {
      const first = await get(port);
      if (first.status !== 200) throw new Error(`GET ${path} on port ${port} answered ${first.status}`);
      // Sequential requests, so the count is this page's alone.
      const before = queries.read();
      for (let i = 0; i < 20; i++) {
        const again = await get(port);
        if (again.status !== 200) throw new Error(`GET ${path} on port ${port} answered ${again.status} the ${i + 2}th time: ${again.html.slice(0, 200)}`);
      }
      return { html: first.html, queries: (queries.read() - before) / 20 };
    };
    const p = await perSide(portalPort);
    const r = await perSide(rawPort);
    const diff = sameHtml(p.html, r.html);
    if (diff) throw new Error(`GET ${path}: the baseline's page differs from the portal's: ${diff}`);
    info.pages.push({ path, bytes: { portal: Buffer.byteLength(p.html), raw: Buffer.byteLength(r.html) }, queries: { portal: p.queries, raw: r.queries } });
  }
  process.stdout.write(`${JSON.stringify(info)}\n`);
} catch (err) {
  console.error(err);
  await shutdown(1);
}

/** fetch() will not send a Host header of our choosing; the tenant is found by it. */
function httpGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; html: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, html: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
