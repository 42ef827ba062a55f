import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, loginStaff } from 'portal/testing';
import { seedDemoPayments } from '../demo/demo-seed.ts';
import { HOSTS, loadInvoice, signedInCustomer, sql, startPaymentsPortal, type Customer, type PaymentsHarness } from '../testing/harness.ts';

let h: PaymentsHarness;
let first: Customer;
let second: Customer;
beforeAll(async () => {
  h = await startPaymentsPortal();
  first = await signedInCustomer(h.portal, 'payon', 'demo');
  second = await signedInCustomer(h.portal, 'payon', 'demo');
  for (const c of [first, second]) await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '21000.00' });
});
afterAll(async () => h?.dispose());

async function seed() {
  const tenant = h.portal.tenants.get('payon')!;
  const accounts = [first, second].map((c) => ({ id: c.accountId, number: c.accountNumber, customerId: c.customerId, holderName: 'Demo' }));
  await h.portal.db.forTenant('payon').transactional((em) => seedDemoPayments({ tenant, em, accounts, portal: h.portal.services }));
}

/** json_agg is null over no rows; amounts come back as JSON numbers. */
interface DemoCounts {
  payments: { r: string; s: string; a: number }[] | null;
  reports: { a: number; s: string }[] | null;
  agreements: { e: string; s: string }[] | null;
  instalments: number;
  invoice_payments: number;
  mails: number;
}

async function rows() {
  return sql<DemoCounts>(
    h.portal,
    `SELECT (SELECT json_agg(json_build_object('r', reference, 's', status, 'a', amount) ORDER BY reference) FROM payments_payments) AS payments,
            (SELECT json_agg(json_build_object('a', account_id, 's', status) ORDER BY id) FROM payments_reports) AS reports,
            (SELECT json_agg(json_build_object('e', external_id, 's', status) ORDER BY id) FROM payments_agreements) AS agreements,
            (SELECT count(*)::int FROM payments_agreement_instalments) AS instalments,
            (SELECT count(*)::int FROM invoice_payments) AS invoice_payments,
            (SELECT count(*)::int FROM mail_outbox) AS mails`,
  );
}

describe('demo data', () => {
  it('gives demo accounts a history, a report under review and agreements, the same on every run, without emails', async () => {
    await seed();
    const once = await rows();
    await seed();
    expect(await rows()).toEqual(once);
    const [r] = once;
    expect(r.payments!.map((p) => p.s).sort()).toEqual(['approved', 'approved', 'rejected', 'rejected']);
    expect(r.reports).toEqual([{ a: first.accountId, s: 'reported' }]);
    expect(r.agreements!.map((a) => a.s)).toEqual(['approved', 'pending']);
    expect(r.instalments).toBe(7);
    expect(r.invoice_payments).toBe(2);
    expect(r.mails).toBe(0);
    const page = await first.client.get(`/payments/agreements?account=${first.accountNumber}`);
    expect(page.body).toMatch(/<tr data-state="paid">/);
    const pay = await first.client.get('/payments');
    expect(pay.body).toContain('Pago a cuenta');
    // The request under review is over what the second account owes, so the back office can approve it.
    const billing = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'billing' }));
    const queue = (await billing.get('/staff/payments/agreements')).body;
    const [{ id }] = await sql<{ id: number }>(h.portal, `SELECT id FROM payments_agreements WHERE account_id = ? AND status = 'pending'`, [second.accountId]);
    expect(queue).toContain(`action="/staff/payments/agreements/${id}/approve"`);
    expect(queue).not.toContain('data-debt-changed');
  });
});
