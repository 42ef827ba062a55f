import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from 'portal/testing';
import type { TicketsSettings } from '../settings.ts';
import { inTransaction } from '../data/sql.ts';
import { openTicket } from '../workflow/customer-actions.ts';
import { customer, openThroughForm, signedIn, sql, startTicketsPortal, type TenantId, type TestCustomer } from './harness.ts';

let portal: TestPortal;
let ana: TestCustomer;
let bruno: TestCustomer;

beforeAll(async () => {
  portal = await startTicketsPortal();
  ana = await customer(portal, 'soporte', 'ana');
  bruno = await customer(portal, 'nube', 'bruno');
});
afterAll(async () => portal?.dispose());

/** One opening in its own entity manager and transaction, as one request would. */
function open(tenantId: TenantId, who: TestCustomer, i: number) {
  const tenant = portal.tenants.get(tenantId)!;
  const em = portal.db.forTenant(tenantId);
  const work = { em, tenant, portal: portal.services, settings: tenant.plugins.get('tickets') as unknown as TicketsSettings };
  return inTransaction(em, () =>
    openTicket(work, { customerId: who.customerId, accountId: who.accountId, serviceId: null, category: 'other', subject: `Consulta ${i}`, body: `Mensaje ${i}`, files: [] }),
  );
}

const numbersOf = async (tenantId: string) => (await sql<{ number: number }>(portal, `SELECT number FROM tickets WHERE tenant_id = ? ORDER BY number`, [tenantId])).map((r) => r.number);
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('ticket numbers', () => {
  it('50 tickets opened at once get 50 distinct consecutive numbers', async () => {
    const opened = await Promise.all(range(1, 50).map((i) => open('soporte', ana, i)));
    expect(new Set(opened.map((o) => o.number)).size).toBe(50);
    expect(opened.map((o) => o.number).sort((a, b) => a - b)).toEqual(range(1, 50));
    expect(await numbersOf('soporte')).toEqual(range(1, 50));
  });

  it('are counted per tenant, from the tenant’s first number, even when tenants open at the same time', async () => {
    await Promise.all([...range(51, 10).map((i) => open('soporte', ana, i)), ...range(1, 10).map((i) => open('nube', bruno, i))]);
    expect(await numbersOf('soporte')).toEqual(range(1, 60));
    expect(await numbersOf('nube')).toEqual(range(5000, 10));
  });

  it('a failed opening gives its number back', async () => {
    const tenant = portal.tenants.get('soporte')!;
    const em = portal.db.forTenant('soporte');
    const work = { em, tenant, portal: portal.services, settings: tenant.plugins.get('tickets') as unknown as TicketsSettings };
    await expect(
      inTransaction(em, () => openTicket(work, { customerId: ana.customerId, accountId: null, serviceId: null, category: 'other', subject: 'x'.repeat(151), body: 'Falla', files: [] })),
    ).rejects.toThrow();
    // Someone else: Ana has opened far more than the hourly allowance by now.
    const client = await signedIn(portal, 'soporte', await customer(portal, 'soporte', 'carla'));
    expect(await openThroughForm(portal, client, { subject: 'Después del error', message: 'Hola' })).toBe(61);
  });
});
