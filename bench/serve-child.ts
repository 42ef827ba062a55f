// Spawned by run.ts: serves the portal and the raw baseline so the load generator has its own process.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createPortal } from '../core/portal.ts';
import { seedCustomer } from '../test/support/seed-customer.ts';
import { Client } from '../test/support/browser-like-client.ts';
import { benchConfig } from './portal-config.ts';
import { rawServer } from './raw-server.ts';
import { writeTenants } from './tenants.ts';
import { stopWithParent } from './stop-with-parent.ts';

export interface ServeInfo {
  portalPort: number;
  rawPort: number;
  host: string;
  cookie: string;
  bytes: { login: number; faq: number; dashboard: number; raw: number };
}

const work = mkdtempSync(join(tmpdir(), 'portal-bench-serve-'));
const [tenant] = writeTenants(join(work, 'tenants'), 1);
// argv[2]: a PostgreSQL URL to run on; none runs the embedded database.
const databaseUrl = process.argv[2] || undefined;
const portal = await createPortal(await benchConfig({ tenantsDir: join(work, 'tenants'), dataDir: join(work, 'data'), databaseUrl }), {
  embeddedInMemory: true,
});
const raw = rawServer();

const shutdown = stopWithParent(() => Promise.allSettled([portal.close(), raw.close()]), work, { watchStdin: true });

try {
  const customer = await seedCustomer(portal.db, { tenantId: tenant.id, email: `cliente@${tenant.id}.bench.test`, password: 'Pampa-Lluviosa-73' });
  const client = new Client(portal.app, tenant.host);
  const login = await client.login(customer.email, customer.password);
  if (login.statusCode !== 303 || login.headers.location !== '/dashboard') {
    throw new Error(`login answered ${login.statusCode} ${String(login.headers.location)}`);
  }
  const loginPage = await new Client(portal.app, tenant.host).get('/login');
  const faqPage = await new Client(portal.app, tenant.host).get('/faq');
  const dashboard = await client.get('/dashboard');
  if (loginPage.statusCode !== 200 || faqPage.statusCode !== 200 || dashboard.statusCode !== 200) {
    throw new Error(`GET /login ${loginPage.statusCode}, GET /faq ${faqPage.statusCode}, GET /dashboard ${dashboard.statusCode}`);
  }
  const sid = client.cookie('portal_sid') ?? client.cookie('__Host-portal');
  if (!sid) throw new Error('no session cookie after login');

  await portal.app.listen({ host: '127.0.0.1', port: 0 });
  await raw.listen({ host: '127.0.0.1', port: 0 });
  const rawPage = await fetch(`http://127.0.0.1:${(raw.server.address() as AddressInfo).port}/page`);
  const info: ServeInfo = {
    portalPort: (portal.app.server.address() as AddressInfo).port,
    rawPort: (raw.server.address() as AddressInfo).port,
    host: tenant.host,
    cookie: `${client.cookie('portal_sid') ? 'portal_sid' : '__Host-portal'}=${sid}`,
    bytes: { login: loginPage.rawPayload.length, faq: faqPage.rawPayload.length, dashboard: dashboard.rawPayload.length, raw: (await rawPage.arrayBuffer()).byteLength },
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
} catch (err) {
  console.error(err);
  await shutdown(1);
}
