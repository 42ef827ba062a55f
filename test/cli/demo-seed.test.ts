import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { seedDemo } from '../../core/cli/demo-seed.ts';
import { DEMO_TENANTS } from '../../core/cli/demo/demo-tenants.ts';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { Client } from '../support/browser-like-client.ts';

const DEMO_IDS = DEMO_TENANTS.map((d) => d.tenantId);
const TABLES = ['customers', 'accounts', 'account_services'] as const;

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal({ tenantsDir: join(REPO_ROOT, 'tenants') });
});
afterAll(async () => portal?.dispose());

/** Every demo row by table, in a form two runs can be compared with. */
async function snapshot(): Promise<Record<string, string[]>> {
  const conn = portal.db.orm.em.fork().getConnection();
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await conn.execute<{ id: number; tenant_id: string }[]>(
      `SELECT id, tenant_id FROM ${table} WHERE tenant_id IN (${DEMO_IDS.map(() => '?').join(', ')}) ORDER BY id`,
      DEMO_IDS,
    );
    out[table] = rows.map((r) => `${r.tenant_id}#${r.id}`);
  }
  return out;
}

describe('demo seed', () => {
  it('creates the demo rows once: a second run leaves the same rows', async () => {
    const first = await seedDemo(portal);
    expect(first.skipped).toEqual([]);
    const afterFirst = await snapshot();
    for (const id of DEMO_IDS) expect(afterFirst.accounts.filter((r) => r.startsWith(`${id}#`)).length).toBeGreaterThanOrEqual(3);

    const second = await seedDemo(portal);
    expect(second.logins).toEqual(first.logins);
    expect(await snapshot()).toEqual(afterFirst);
  });

  it('gives each demo tenant a suspended service and a customer with two accounts', async () => {
    const conn = portal.db.orm.em.fork().getConnection();
    for (const id of DEMO_IDS) {
      const [suspended] = await conn.execute<{ n: string }[]>(
        "SELECT count(*) AS n FROM account_services WHERE tenant_id = ? AND status = 'suspended'",
        [id],
      );
      expect(Number(suspended.n), id).toBeGreaterThanOrEqual(1);
      const [multi] = await conn.execute<{ n: string }[]>(
        'SELECT count(*) AS n FROM (SELECT customer_id FROM accounts WHERE tenant_id = ? AND customer_id IS NOT NULL GROUP BY customer_id HAVING count(*) >= 2) t',
        [id],
      );
      expect(Number(multi.n), id).toBeGreaterThanOrEqual(1);
    }
  });

  it('lets the printed demo logins sign in and see both accounts', async () => {
    const login = (await seedDemo(portal)).logins.find((l) => l.tenantId === 'rednorte' && l.accountNumbers.length === 2)!;
    const c = new Client(portal.app, 'rednorte.localhost');
    const res = await c.login(login.accountNumbers[0], login.password);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/dashboard');
    const dashboard = await c.get('/dashboard');
    expect(dashboard.statusCode).toBe(200);
    for (const number of login.accountNumbers) expect(dashboard.body).toContain(number);
  });

  it('gives each demo tenant back-office operators who sign in with the printed password, once however often it runs', async () => {
    const { operators } = await seedDemo(portal);
    expect(new Set(operators.map((o) => o.tenantId))).toEqual(new Set(DEMO_IDS));
    const again = await seedDemo(portal);
    expect(again.operators).toEqual(operators);
    const [{ n }] = await portal.db.orm.em.fork().getConnection().execute(`SELECT count(*)::int AS n FROM staff_users WHERE tenant_id IN (${DEMO_IDS.map(() => '?').join(', ')})`, DEMO_IDS);
    expect(n).toBe(operators.length);
    const billing = operators.find((o) => o.tenantId === 'rednorte' && o.role === 'billing')!;
    const c = new Client(portal.app, 'rednorte.localhost');
    await c.get('/staff/login');
    const res = await c.post('/staff/login', { email: billing.email, password: billing.password });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/staff');
    const home = await c.get('/staff');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(billing.name);
  });

  it('seeds fiscally coherent invoices: the exempt cooperative issues C without VAT, the Responsables Inscriptos A and B', async () => {
    const rows = await portal.db.orm.em.fork().getConnection().execute<{ tenant_id: string; type_code: number; vat: string }[]>(
      `SELECT tenant_id, type_code, sum(vat_amount)::text AS vat FROM invoices WHERE tenant_id IN (${DEMO_IDS.map(() => '?').join(', ')}) GROUP BY 1, 2 ORDER BY 1, 2`,
      DEMO_IDS,
    );
    const of = (id: string) => rows.filter((r) => r.tenant_id === id);
    expect(of('aguas-del-valle').map((r) => [r.type_code, Number(r.vat)])).toEqual([[11, 0], [13, 0]]);
    for (const id of ['nubehost', 'rednorte']) {
      expect(of(id).map((r) => r.type_code), id).toEqual([1, 3, 6, 8]);
      for (const r of of(id)) expect(Number(r.vat), `${id} ${r.type_code}`).toBeGreaterThan(0);
    }
  });

  it("shows a demo invoice's recipient address: the account's supply address", async () => {
    const login = (await seedDemo(portal)).logins.find((l) => l.tenantId === 'aguas-del-valle' && l.accountNumbers.includes('2004102'))!;
    const [{ id }] = await portal.db.orm.em.fork().getConnection().execute<{ id: number }[]>(
      `SELECT i.id FROM invoices i JOIN accounts a ON a.id = i.account_id WHERE a.tenant_id = 'aguas-del-valle' AND a.number = '2004102' ORDER BY i.id LIMIT 1`,
    );
    const c = new Client(portal.app, 'aguas-del-valle.localhost');
    expect((await c.login(login.email, login.password)).statusCode).toBe(303);
    const page = await c.get(`/invoices/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('RP 92 km 14, Vista Flores');
  });

  it('serves one customer base on both brands of a two-brand tenant', async () => {
    const login = (await seedDemo(portal)).logins.find((l) => l.tenantId === 'nubehost' && l.brandIds.length === 2)!;
    for (const host of ['nubehost.localhost', 'servidoresya.localhost']) {
      const c = new Client(portal.app, host);
      expect((await c.login(login.email, login.password)).statusCode, host).toBe(303);
      const dashboard = await c.get('/dashboard');
      for (const number of login.accountNumbers) expect(dashboard.body, host).toContain(number);
    }
  });
});
