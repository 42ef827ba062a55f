import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideCharge } from '../gateways/sandbox/charges.ts';
import { ledger, loadInvoice, signedInCustomer, sql, startPaymentsPortal, type PaymentsHarness } from '../testing/harness.ts';
import { checkout } from '../testing/requests.ts';

let h: PaymentsHarness;
beforeAll(async () => {
  h = await startPaymentsPortal();
});
afterAll(async () => h?.dispose());

async function started(gateway: string, minutesAgo: number) {
  const c = await signedInCustomer(h.portal, 'payon', 'rec');
  const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '7000.00' });
  const s = await checkout(h.portal, c, [['invoice', String(inv.id)]], gateway);
  await sql(h.portal, `UPDATE payments_payments SET created_at = now() - (? * interval '1 minute') WHERE reference = ?`, [minutesAgo, s.reference]);
  return { c, reference: s.reference!, token: s.location.split('/').at(-1)! };
}

const statusOf = async (reference: string) => (await sql<{ status: string; status_detail: string | null }>(h.portal, `SELECT status, status_detail FROM payments_payments WHERE reference = ?`, [reference]))[0];
const job = () => h.portal.plugins.find((p) => p.name === 'payments')!.definition.jobs!.find((j) => j.name === 'reconcile')!;

describe('the reconcile job', () => {
  it('brings left-pending payments up to what the gateway says, expires abandoned ones, and skips fresh ones', async () => {
    const mp = await started('mercadopago', 30);
    h.mp.payments.set('99001', { id: 99001, status: 'approved', external_reference: mp.reference, transaction_amount: 7000, currency_id: 'ARS', date_approved: new Date().toISOString() });
    const sandbox = await started('sandbox', 30);
    await decideCharge(h.portal.db.forTenant('payon'), 'payon', sandbox.token, 'approved');
    const abandoned = await started('sandbox', 3 * 24 * 60);
    const fresh = await started('mercadopago', 2);
    h.mp.payments.set('99002', { id: 99002, status: 'approved', external_reference: fresh.reference, transaction_amount: 7000, currency_id: 'ARS', date_approved: new Date().toISOString() });
    const before = await ledger(h.portal, 'payon');

    const slot = new Date('2026-03-10T12:10:00Z');
    const tenant = h.portal.tenants.get('payon')!;
    // Two portal processes waking for the same slot: the job_runs claim lets one of them run it.
    const runs = await Promise.all([h.portal.services.scheduler.runSlot('payments', job(), tenant, slot), h.portal.services.scheduler.runSlot('payments', job(), tenant, slot)]);
    expect(runs.filter(Boolean)).toHaveLength(1);
    expect(await sql(h.portal, `SELECT status FROM job_runs WHERE job = 'payments:reconcile' AND tenant_id = 'payon'`)).toEqual([{ status: 'done' }]);

    expect((await statusOf(mp.reference)).status).toBe('approved');
    expect((await statusOf(sandbox.reference)).status).toBe('approved');
    expect(await statusOf(abandoned.reference)).toEqual({ status: 'cancelled', status_detail: 'expired' });
    expect((await statusOf(fresh.reference)).status).toBe('created');
    const after = await ledger(h.portal, 'payon');
    expect([after.payments - before.payments, after.movements - before.movements, after.mails - before.mails]).toEqual([2, 2, 2]);

    // The notification arriving afterwards finds the payment approved: nothing more happens.
    expect((await h.portal.services.scheduler.runSlot('payments', job(), tenant, new Date('2026-03-10T12:20:00Z')))).toBe(true);
    expect((await ledger(h.portal, 'payon')).payments).toBe(after.payments);
  });

  it('a gateway that does not answer leaves the payment as it was, to be asked again next time', async () => {
    const mp = await started('mercadopago', 30);
    const saved = process.env.PAYON_MP_TOKEN;
    process.env.PAYON_MP_TOKEN = 'revoked';
    try {
      expect(await h.portal.services.scheduler.runSlot('payments', job(), h.portal.tenants.get('payon')!, new Date('2026-03-10T13:00:00Z'))).toBe(true);
    } finally {
      process.env.PAYON_MP_TOKEN = saved;
    }
    expect((await statusOf(mp.reference)).status).toBe('created');
  });
});
