import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInvoicesPortal } from '../testing/invoices-portal.ts';
import { type TestPortal, createCustomer, query } from 'portal/testing';
import type { InvoicesProvides } from '../provides.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startInvoicesPortal();
});
afterAll(async () => portal?.dispose());

describe('what invoices provides to other plugins', () => {
  it('adds a movement inside the caller’s transaction, and nothing when that transaction fails', async () => {
    const tenant = portal.tenants.get('invon')!;
    const { number } = await createCustomer(portal, 'invon');
    const provided = portal.services.plugins.get<InvoicesProvides>('invoices');
    await expect(
      portal.db.forTenant('invon').transactional(async (em) => {
        await provided.service(tenant, em).addMovement({ externalId: 'fee-1', accountNumber: number!, date: '2026-11-01', kind: 'adjustment', description: 'Cargo por reconexión', amount: 1500 });
        throw new Error('the caller failed after');
      }),
    ).rejects.toThrow('the caller failed after');
    expect(await query(portal, `SELECT count(*)::int AS n FROM account_movements WHERE external_id = 'fee-1'`)).toEqual([{ n: 0 }]);
  });
});
