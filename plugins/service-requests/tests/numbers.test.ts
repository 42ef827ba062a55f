import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextTenantNumber } from 'portal/sdk';
import { createApiKey, type TestPortal } from 'portal/testing';
import { customer, fileForm, formUrl, HOSTS, mailsTo, signedIn, sql, startRequestsPortal, type TenantId } from './harness.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startRequestsPortal();
});
afterAll(async () => portal?.dispose());

/** A customer with a suspended service, signed in with the reconnection form open. */
async function asking(tenantId: TenantId, name: string) {
  const who = await customer(portal, tenantId, name, [{ status: 'suspended' }]);
  const client = await signedIn(portal, who);
  const url = formUrl('reconnection', who.accountNumber, who.services[0]);
  await client.get(url);
  return { who, client, url };
}

describe('request numbers', () => {
  it('are consecutive per tenant even when filed at once, and another tenant starts at its own 1', async () => {
    const norte = [];
    for (const name of ['uno', 'dos', 'tres', 'cuatro', 'cinco']) norte.push(await asking('norte', name));
    const filed = await Promise.all(norte.map(({ client, url }) => client.post(url, { reason: 'paid' })));
    expect(filed.map((r) => r.statusCode)).toEqual([303, 303, 303, 303, 303]);
    const told = await Promise.all(norte.map(async ({ client }, i) => Number(/N° (\d+)/.exec((await client.get(String(filed[i].headers.location))).body)![1])));
    expect(told.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    const sur = await asking('sur', 'seis');
    const id = await fileForm(sur.client, sur.url, { reason: 'paid' });
    expect((await sur.client.get(`/service-requests/${id}`)).body).toContain('No. 1</span>');
    expect((await sur.client.get('/service-requests')).body).toContain('>No. 1</a>');
    expect((await mailsTo(portal, sur.who.email)).map((m) => m.subject)).toEqual(['We received your request No. 1: Reconnection']);
    // The provider's systems read the same number; the paths keep taking the id.
    const { key } = await createApiKey(portal.db.forTenant('sur'), 'sur', { name: 'crm', scopes: ['service-requests:read'], createdBy: 'test' });
    const read = await portal.app.inject({ method: 'GET', url: `/api/v1/service-requests/${id}`, headers: { host: HOSTS.sur, authorization: `Bearer ${key}` } });
    expect(read.json()).toMatchObject({ id, number: 1 });
    expect(await sql(portal, `SELECT tenant_id, number FROM service_requests ORDER BY tenant_id, number`)).toEqual([1, 2, 3, 4, 5].map((number) => ({ tenant_id: 'norte', number })).concat({ tenant_id: 'sur', number: 1 }));
  });
});

describe('migration 003', () => {
  it('keeps the numbers customers were told, unique per tenant, and continues each tenant from its highest', async () => {
    const ana = await customer(portal, 'norte', 'migra');
    const beto = await customer(portal, 'sur', 'migrasur');
    const migration = readFileSync(new URL('../migrations/003_numbers.sql', import.meta.url), 'utf8');
    const rolledBack = new Error('rolled back: the test database keeps its schema');
    type NumberedRow = { tenant_id: string; id: number; number: number };
    type Seen = { rows: NumberedRow[]; next: { norte: number; sur: number }; duplicate: unknown };
    const seen = await portal.db.orm.em
      .fork()
      .transactional(async (em) => {
        const run = (query: string, params: unknown[] = []) => em.getConnection().execute(query, params as any[], 'all', em.getTransactionContext());
        // The table as it was: no number, requests of two tenants interleaved in one id sequence.
        await run(`ALTER TABLE service_requests DROP COLUMN number`);
        await run(`DELETE FROM tenant_counters WHERE series = 'service-requests'`);
        for (const [tenant, account] of [['norte', ana.accountId], ['norte', ana.accountId], ['sur', beto.accountId], ['norte', ana.accountId]] as const) {
          await run(`INSERT INTO service_requests (tenant_id, type, account_id, status) VALUES (?, 'fails-midway', ?, 'rejected')`, [tenant, account]);
        }
        await run(migration);
        const rows = (await run(`SELECT tenant_id, id, number FROM service_requests ORDER BY id`)) as NumberedRow[];
        const next = { norte: await nextTenantNumber(em, 'norte', 'service-requests'), sur: await nextTenantNumber(em, 'sur', 'service-requests') };
        const duplicate = await run(`INSERT INTO service_requests (tenant_id, number, type, account_id, status) VALUES ('sur', ?, 'fails-midway', ?, 'rejected')`, [rows.find((r) => r.tenant_id === 'sur')!.number, beto.accountId]).catch(
          (err: Error) => err.message,
        );
        throw Object.assign(rolledBack, { seen: { rows, next, duplicate } });
      })
      .catch((err) => (err === rolledBack ? (err as Error & { seen: Seen }).seen : Promise.reject(err)));
    expect(seen.rows.every((r: { id: number; number: number }) => r.number === r.id)).toBe(true);
    const highest = (tenant: string) => Math.max(...seen.rows.filter((r: { tenant_id: string }) => r.tenant_id === tenant).map((r: { number: number }) => r.number));
    expect(seen.next).toEqual({ norte: highest('norte') + 1, sur: highest('sur') + 1 });
    expect(seen.duplicate).toMatch(/service_requests_tenant_number/);
  });
});
