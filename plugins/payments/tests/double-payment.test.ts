import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, loginStaff, type Client, createApiKey } from 'portal/testing';
import { HOSTS, loadInvoice, signedInCustomer, sql, startPaymentsPortal, type Customer, type PaymentsHarness } from '../testing/harness.ts';
import { checkout, location, postPairs } from '../testing/requests.ts';
import { sendStripe } from '../testing/notifications.ts';
import { paymentsOf } from '../provides.ts';
import { apiClient } from '../testing/api-client.ts';
import type { OnlinePayment, Page } from '../testing/api-answers.ts';
import { decideCharge } from '../gateways/sandbox/charges.ts';
import type { InvoicesProvides } from '../../invoices/api.ts';

let h: PaymentsHarness;
let billing: Client;
beforeAll(async () => {
  h = await startPaymentsPortal();
  billing = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'billing' }));
});
afterAll(async () => h?.dispose());

const openCheckouts = async (invoiceId: number) =>
  (await sql<{ n: number }>(h.portal, `SELECT count(*)::int AS n FROM payments_payments p JOIN payments_payment_invoices l ON l.payment_id = p.id WHERE l.invoice_id = ? AND p.status IN ('created', 'pending')`, [invoiceId]))[0].n;
const checkoutsOf = async (c: Customer) => (await sql<{ n: number }>(h.portal, `SELECT count(*)::int AS n FROM payments_payments WHERE account_id = ?`, [c.accountId]))[0].n;
const invoiceRow = async (id: number) => (await sql<{ paid_amount: string; balance: string }>(h.portal, `SELECT paid_amount, total - paid_amount - credited_amount AS balance FROM invoices WHERE id = ?`, [id]))[0];
const accountBalance = async (accountId: number) =>
  (await sql<{ balance: string }>(h.portal, `SELECT COALESCE(sum(amount), 0)::numeric(14,2)::text AS balance FROM account_movements WHERE account_id = ?`, [accountId]))[0].balance;
const idOf = async (reference: string) => (await sql<{ id: number }>(h.portal, `SELECT id FROM payments_payments WHERE reference = ?`, [reference]))[0].id;

/** The flash message the customer reads on the page a refused checkout sends them back to. */
async function flashAfter(c: Customer, res: { location: string }): Promise<string> {
  const page = await c.client.get(res.location);
  return page.body;
}

/** What the reconcile job does to a checkout nobody finished within the tenant's hours. */
async function expireByReconcile(reference: string): Promise<void> {
  await sql(h.portal, `UPDATE payments_payments SET created_at = now() - interval '3 days' WHERE reference = ?`, [reference]);
  await paymentsOf(h.portal.services).reconcile(h.portal.tenants.get('payon')!, h.portal.db.forTenant('payon'));
}

describe('one open checkout per invoice', () => {
  it('the same invoice through the same gateway twice: the second sends the customer to the open checkout', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'doble');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '28259.48' });
    const first = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    expect(first.status).toBe(303);
    const second = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    expect(second.status).toBe(303);
    expect(second.location).toBe(first.location);
    expect(await checkoutsOf(c)).toBe(1);
  });

  it('another gateway, or several invoices including it, is refused with a message naming the open payment', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'otra');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '28259.48' });
    const other = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '1000.00' });
    const first = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    expect(first.status).toBe(303);

    const viaMp = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'mercadopago');
    expect(viaMp.status).toBe(303);
    expect(viaMp.location).toBe(`/payments?account=${c.accountNumber}`);
    expect(await flashAfter(c, viaMp)).toContain(`Ya hay un pago en línea en curso (${first.reference}) para Factura B 00008-`);

    const several = await postPairs(h.portal, c.client, '/payments/checkout', [['account', c.accountNumber], ['invoice', String(inv.id)], ['invoice', String(other.id)], ['gateway', 'sandbox']]);
    expect(several.statusCode).toBe(303);
    expect(location(several)).toBe(`/payments?account=${c.accountNumber}`);
    const whole = await c.client.post('/payments/checkout', { account: c.accountNumber, all: '1', gateway: 'sandbox' });
    expect(whole.statusCode).toBe(303);
    expect(location(whole)).toBe(`/payments?account=${c.accountNumber}`);
    expect(await checkoutsOf(c)).toBe(1);
    expect(await openCheckouts(inv.id)).toBe(1);
  });

  it('a checkout recorded but never given its gateway page (a crash between the two) stops blocking once older than any gateway call', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'caido');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '7300.00' });
    const first = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    // What a process killed after recording the checkout and before storing the gateway's answer leaves.
    await sql(h.portal, `UPDATE payments_payments SET checkout_id = NULL, checkout_url = NULL WHERE reference = ?`, [first.reference]);

    // Still young: it may be waiting for its gateway, so it keeps the invoice.
    const young = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    expect(young.location).toBe(`/payments?account=${c.accountNumber}`);
    expect(await checkoutsOf(c)).toBe(1);

    await sql(h.portal, `UPDATE payments_payments SET created_at = now() - interval '1 minute' WHERE reference = ?`, [first.reference]);
    const again = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    expect(again.status).toBe(303);
    expect(again.location).toMatch(/^\/payments\/sandbox\//);
    expect(again.reference).not.toBe(first.reference);
    expect((await sql(h.portal, `SELECT status, status_detail FROM payments_payments WHERE reference = ?`, [first.reference]))[0]).toEqual({ status: 'cancelled', status_detail: 'checkout-abandoned' });
    expect(await openCheckouts(inv.id)).toBe(1);
  });

  it('a checkout the reconcile job expired no longer blocks a new one', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'vencido');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '5000.00' });
    const first = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    await expireByReconcile(first.reference!);
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_payments WHERE reference = ?`, [first.reference]))[0].status).toBe('cancelled');
    const second = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    expect(second.status).toBe(303);
    expect(second.reference).not.toBe(first.reference);
    expect(second.location).toMatch(/^\/payments\/sandbox\//);
    expect(await openCheckouts(inv.id)).toBe(1);
  });

  it('a checkout whose gateway failed to start does not block the next one', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'reintento');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '1000.00' });
    const saved = process.env.PAYON_MP_TOKEN;
    process.env.PAYON_MP_TOKEN = 'a-token-the-stub-refuses';
    try {
      expect((await checkout(h.portal, c, [['invoice', String(inv.id)]], 'mercadopago')).location).toBe(`/payments?account=${c.accountNumber}`);
    } finally {
      process.env.PAYON_MP_TOKEN = saved;
    }
    const again = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    expect(again.location).toMatch(/^\/payments\/sandbox\//);
    expect(await openCheckouts(inv.id)).toBe(1);
  });

  it('a double submit, ten requests at once: one open checkout for the invoice, every answer a redirect', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'ansioso');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '28259.48' });
    await c.client.get(`/payments/pay?account=${c.accountNumber}&invoice=${inv.id}`);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => postPairs(h.portal, c.client, '/payments/checkout', [['account', c.accountNumber], ['invoice', String(inv.id)], ['gateway', 'sandbox']])),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(Array(10).fill(303));
    expect(await openCheckouts(inv.id)).toBe(1);
    expect(await checkoutsOf(c)).toBe(1);
  });
});

describe('two approved payments for one invoice', () => {
  it('sandbox, both approved at once: the invoice is paid once, the rest is credit, billing refunds it as an overpayment', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'pagodoble');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '28259.48' });
    const late = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    await c.client.get(late.location);
    await expireByReconcile(late.reference!);
    const fresh = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    expect(fresh.reference).not.toBe(late.reference);
    await c.client.get(fresh.location);

    // The customer had both gateway pages open and approved both; the gateway took the money twice.
    const decided = await Promise.all([late, fresh].map((s) => c.client.post(s.location, { decision: 'approved' })));
    expect(decided.map((r) => r.statusCode)).toEqual([303, 303]);
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_payments WHERE account_id = ? ORDER BY id`, [c.accountId])).map((r) => r.status)).toEqual(['approved', 'approved']);

    expect(await invoiceRow(inv.id)).toEqual({ paid_amount: '28259.48', balance: '0.00' });
    expect(await accountBalance(c.accountId)).toBe('-28259.48');
    const invoicePage = await c.client.get(`/invoices/${inv.id}`);
    expect(invoicePage.body).not.toContain('−$');
    expect(invoicePage.body).not.toContain('56.518,96');
    const statement = await c.client.get('/invoices/statement');
    expect(statement.body).toContain('a tu favor');
    expect(statement.body).toContain('28.259,48');

    const [over] = await sql<{ reference: string; overpaid: string | null }>(h.portal, `SELECT reference, overpaid FROM payments_payments WHERE account_id = ? AND overpaid IS NOT NULL`, [c.accountId]);
    expect(over.overpaid).toBe('28259.48');
    const result = await c.client.get(`/payments/return/${over.reference}`);
    expect(result.body).toContain('$ 28.259,48 quedaron como saldo a favor en tu cuenta');
    const [receipt] = await sql<{ text: string }>(h.portal, `SELECT text FROM mail_outbox WHERE to_address = ? AND subject LIKE ?`, [c.email, `%${over.reference}%`]);
    expect(receipt.text).toContain('Saldo a favor en tu cuenta');
    expect(receipt.text).toContain('$ 28.259,48 quedaron como saldo a favor en tu cuenta');

    const list = await billing.get('/staff/payments?overpaid=1');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`data-reference="${over.reference}"`);
    expect(list.body).not.toContain(`data-reference="${over.reference === late.reference ? fresh.reference : late.reference}"`);
    const id = await idOf(over.reference);
    const detail = await billing.get(`/staff/payments/online/${id}`);
    expect(detail.body).toContain('data-overpaid="28259.48"');
    expect(detail.body).toContain('data-action="refund"');
    await billing.get(`/staff/payments/online/${id}/refund`);
    const refunded = await billing.post(`/staff/payments/online/${id}/refund`, { reason: 'Pagó dos veces la misma factura.' });
    expect(refunded.statusCode).toBe(303);
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_payments WHERE id = ?`, [id]))[0].status).toBe('refunded');
    // Money back: no credit left, and the invoice is still paid by the other payment.
    expect(await accountBalance(c.accountId)).toBe('0.00');
    expect(await invoiceRow(inv.id)).toEqual({ paid_amount: '28259.48', balance: '0.00' });
    expect((await billing.get('/staff/payments?overpaid=1')).body).not.toContain(`data-reference="${over.reference}"`);
  });

  it('a pending payment the reconcile job finds approved after the invoice was paid at a counter becomes credit', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'ventanilla');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '12000.00' });
    const online = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    await c.client.get(online.location);
    await c.client.post(online.location, { decision: 'pending' });
    const refused = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    expect(await flashAfter(c, refused)).toContain(`El pago en línea ${online.reference} de Factura B 00008-`);

    const tenant = h.portal.tenants.get('payon')!;
    const em = h.portal.db.forTenant('payon');
    await h.portal.services.plugins.get<InvoicesProvides>('invoices').service(tenant, em).recordPayment({
      externalId: `rapipago-${inv.id}`, accountNumber: c.accountNumber, invoiceExternalId: inv.externalId, paidOn: '2026-03-10', amount: '12000.00', method: 'cash', collector: 'Rapipago',
    });
    const token = (await sql<{ checkout_id: string }>(h.portal, `SELECT checkout_id FROM payments_payments WHERE reference = ?`, [online.reference]))[0].checkout_id;
    await decideCharge(em, 'payon', token, 'approved');
    await sql(h.portal, `UPDATE payments_payments SET created_at = now() - interval '30 minutes' WHERE reference = ?`, [online.reference]);
    await paymentsOf(h.portal.services).reconcile(tenant, em);

    expect(await sql(h.portal, `SELECT status, overpaid FROM payments_payments WHERE reference = ?`, [online.reference])).toEqual([{ status: 'approved', overpaid: '12000.00' }]);
    expect(await invoiceRow(inv.id)).toEqual({ paid_amount: '12000.00', balance: '0.00' });
    expect(await accountBalance(c.accountId)).toBe('-12000.00');
  });

  it('Stripe: a session completed after it expired, while another paid the invoice, becomes credit', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'stripedoble');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { typeCode: 1, total: '18000.00' });
    const first = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'stripe');
    const sessionOf = (reference: string | null) => [...h.stripe.sessions.values()].find((s) => s.client_reference_id === reference)!;
    const a = sessionOf(first.reference);
    await sendStripe(h.portal, { type: 'checkout.session.expired', session: { ...a, status: 'expired' } });
    const second = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'stripe');
    expect(second.reference).not.toBe(first.reference);
    const b = sessionOf(second.reference);
    const paid = (s: typeof a) => ({ ...s, status: 'complete' as const, payment_status: 'paid' as const, payment_intent: `pi_${s.id}` });
    const answers = await Promise.all([b, a].map((s) => sendStripe(h.portal, { type: 'checkout.session.completed', session: paid(s) })));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(await invoiceRow(inv.id)).toEqual({ paid_amount: '18000.00', balance: '0.00' });
    expect(await accountBalance(c.accountId)).toBe('-18000.00');
    const over = await sql<{ reference: string; overpaid: string | null }>(h.portal, `SELECT reference, overpaid FROM payments_payments WHERE account_id = ? AND overpaid IS NOT NULL`, [c.accountId]);
    expect(over).toEqual([{ reference: expect.any(String) as string, overpaid: '18000.00' }]);

    // The provider's billing system reads the same split through the API.
    const { key } = await createApiKey(h.portal.db.forTenant('payon'), 'payon', { name: 'billing', scopes: ['online-payments:read'], createdBy: 'test' });
    const seen = (await apiClient(h.portal, key).get(`/api/v1/online-payments?account=${c.accountNumber}&status=approved`)).json<Page<OnlinePayment>>().items;
    expect(seen.map((p) => [p.reference, p.overpaid, p.invoices[0].applied]).sort()).toEqual(
      [[over[0].reference, '18000.00', '0.00'], [over[0].reference === first.reference ? second.reference : first.reference, null, '18000.00']].sort(),
    );
  });
});
