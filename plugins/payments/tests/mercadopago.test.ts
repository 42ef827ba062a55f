import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledger, loadInvoice, signedInCustomer, sql, startPaymentsPortal, SECRETS, type Customer, type PaymentsHarness } from '../testing/harness.ts';
import { checkout } from '../testing/requests.ts';
import { sendMercadoPago } from '../testing/notifications.ts';
import { mercadoPagoSignature, nowSeconds } from '../testing/sign.ts';

let h: PaymentsHarness;
let seq = 7_000_000;
beforeAll(async () => {
  h = await startPaymentsPortal();
});
afterAll(async () => h?.dispose());

interface Started {
  customer: Customer;
  invoiceId: number;
  reference: string;
}

/** A customer who chose Mercado Pago for a $ 24.500 invoice and was sent to its checkout. */
async function startedCheckout(total = '24500.00'): Promise<Started> {
  const customer = await signedInCustomer(h.portal, 'payon', 'mp');
  const inv = await loadInvoice(h.portal, 'payon', customer.accountNumber, { total });
  const started = await checkout(h.portal, customer, [['invoice', String(inv.id)]], 'mercadopago');
  expect(started.status).toBe(303);
  return { customer, invoiceId: inv.id, reference: started.reference! };
}

function mpPayment(reference: string | null, status: string, amount = 24500, currency = 'ARS') {
  seq += 1;
  const payment = { id: seq, status, status_detail: status === 'approved' ? 'accredited' : 'pending_contingency', external_reference: reference, transaction_amount: amount, currency_id: currency, date_approved: status === 'approved' ? new Date().toISOString() : null };
  h.mp.payments.set(String(seq), payment);
  return payment;
}

const statusOf = async (reference: string) => (await sql<{ status: string }>(h.portal, `SELECT status FROM payments_payments WHERE reference = ?`, [reference]))[0].status;

describe('Mercado Pago Checkout Pro', () => {
  it('creates a preference with our reference, signed-webhook URL and an idempotency key, and redirects to its init_point', async () => {
    const { reference } = await startedCheckout();
    const pref = h.mp.preferences.at(-1)!;
    expect(pref.external_reference).toBe(reference);
    expect(pref.idempotencyKey).toBe(reference);
    // Built from the tenant (outside production its <tenant>.localhost name and the port served), never from the request.
    expect(pref.notification_url).toMatch(/^http:\/\/payon\.localhost(:\d+)?\/payments\/webhooks\/mercadopago\?source_news=webhooks$/);
    expect(pref.back_urls.success).toMatch(new RegExp(`^http://payon\\.localhost(:\\d+)?/payments/return/${reference}$`));
    expect(pref.items).toEqual([expect.objectContaining({ quantity: 1, unit_price: 24500, currency_id: 'ARS' })]);
    const [row] = await sql<{ checkout_id: string | null; status: string }>(h.portal, `SELECT checkout_id, status FROM payments_payments WHERE reference = ?`, [reference]);
    expect(row).toEqual({ checkout_id: `pref-${h.mp.preferences.length}`, status: 'created' });
  });

  describe('a notification with a bad signature', () => {
    let started: Started;
    let dataId: string;
    beforeEach(async () => {
      started = await startedCheckout();
      dataId = String(mpPayment(started.reference, 'approved').id);
    });

    const cases: [string, (id: string) => Parameters<typeof sendMercadoPago>[1]][] = [
      ['signed with another secret', (id) => ({ dataId: id, secret: 'not-the-tenant-secret' })],
      ['signed for another payment id', (id) => ({ dataId: id, signature: mercadoPagoSignature(SECRETS.mpWebhook, '1', 'req-1', nowSeconds()), requestId: 'req-1' })],
      ['without x-signature', (id) => ({ dataId: id, signature: null })],
      ['with a v1 that is not hex', (id) => ({ dataId: id, signature: `ts=${nowSeconds()},v1=zz` })],
      ['replayed after the tolerance (stale ts)', (id) => ({ dataId: id, ts: nowSeconds() - 301 })],
      ['from the future beyond the tolerance', (id) => ({ dataId: id, ts: nowSeconds() + 301 })],
    ];
    for (const [name, notice] of cases) {
      it(`${name}: 401 and nothing changes`, async () => {
        const before = await ledger(h.portal, 'payon');
        const res = await sendMercadoPago(h.portal, notice(dataId));
        expect(res.statusCode).toBe(401);
        expect(await ledger(h.portal, 'payon')).toEqual(before);
        expect(await statusOf(started.reference)).toBe('created');
      });
    }

    it('signed in milliseconds, as some deliveries are: accepted', async () => {
      const res = await sendMercadoPago(h.portal, { dataId, ts: Date.now() });
      expect(res.statusCode).toBe(200);
      expect(await statusOf(started.reference)).toBe('approved');
    });
  });

  it('a valid notification replayed 100 times, then 100 more at once: one payment, one movement, one email', async () => {
    const { reference, invoiceId } = await startedCheckout();
    const dataId = String(mpPayment(reference, 'approved').id);
    const before = await ledger(h.portal, 'payon');
    const notice = { dataId, requestId: 'b6f1c0de-replay', ts: nowSeconds() };
    for (let i = 0; i < 100; i++) expect((await sendMercadoPago(h.portal, notice)).statusCode).toBe(200);
    const together = await Promise.all(Array.from({ length: 100 }, () => sendMercadoPago(h.portal, notice)));
    expect(together.every((r) => r.statusCode === 200)).toBe(true);
    // New deliveries of the same news (Mercado Pago retries with new request ids), also at once.
    await Promise.all(Array.from({ length: 20 }, (_, i) => sendMercadoPago(h.portal, { dataId, requestId: `retry-${i}` })));

    const after = await ledger(h.portal, 'payon');
    expect(after.payments - before.payments).toBe(1);
    expect(after.movements - before.movements).toBe(1);
    expect(after.mails - before.mails).toBe(1);
    expect(await sql(h.portal, `SELECT amount, method, collector FROM invoice_payments WHERE invoice_id = ?`, [invoiceId])).toEqual([{ amount: '24500.00', method: 'online', collector: 'Mercado Pago' }]);
    const events = await sql(h.portal, `SELECT outcome, count(*)::int AS n FROM payments_events WHERE tenant_id = 'payon' AND event_key LIKE ? GROUP BY outcome ORDER BY outcome`, [`payment:${dataId}:%`]);
    expect(events).toEqual([{ outcome: 'applied', n: 1 }, { outcome: 'unchanged', n: 20 }]);
    const [mail] = await sql<{ subject: string; text: string }>(h.portal, `SELECT subject, text FROM mail_outbox WHERE tenant_id = 'payon' ORDER BY id DESC LIMIT 1`);
    expect(mail.subject).toBe(`Recibimos tu pago (ref. ${reference})`);
    expect(mail.text).toContain('$ 24.500,00');
    expect(mail.text).toContain('Mercado Pago');
  });

  it('events out of order end in the right state: an approval is not undone by an older rejection or a late "pending"', async () => {
    const { reference } = await startedCheckout();
    const rejected = mpPayment(reference, 'rejected');
    const approved = mpPayment(reference, 'approved');
    expect((await sendMercadoPago(h.portal, { dataId: String(approved.id) })).json()).toMatchObject({ outcome: 'applied' });
    expect((await sendMercadoPago(h.portal, { dataId: String(rejected.id) })).json()).toMatchObject({ outcome: 'unchanged' });
    expect(await statusOf(reference)).toBe('approved');

    const second = await startedCheckout();
    const later = mpPayment(second.reference, 'pending');
    await sendMercadoPago(h.portal, { dataId: String(later.id) });
    expect(await statusOf(second.reference)).toBe('pending');
    later.status = 'approved';
    later.date_approved = new Date().toISOString();
    await sendMercadoPago(h.portal, { dataId: String(later.id) });
    expect(await statusOf(second.reference)).toBe('approved');
    // The notification about "pending" arrives last; re-fetching says approved anyway, and nothing moves back.
    await sendMercadoPago(h.portal, { dataId: String(later.id) });
    expect(await statusOf(second.reference)).toBe('approved');

    const third = await startedCheckout();
    const first = mpPayment(third.reference, 'rejected');
    await sendMercadoPago(h.portal, { dataId: String(first.id) });
    expect(await statusOf(third.reference)).toBe('rejected');
    const retry = mpPayment(third.reference, 'approved');
    await sendMercadoPago(h.portal, { dataId: String(retry.id) });
    expect(await statusOf(third.reference)).toBe('approved');
  });

  it('refuses and logs a re-fetched payment whose amount, currency or reference do not match', async () => {
    const { reference } = await startedCheckout();
    const before = await ledger(h.portal, 'payon');
    const cheaper = mpPayment(reference, 'approved', 245);
    const dollars = mpPayment(reference, 'approved', 24500, 'USD');
    for (const p of [cheaper, dollars]) {
      const res = await sendMercadoPago(h.portal, { dataId: String(p.id) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ outcome: 'mismatch' });
    }
    expect(await statusOf(reference)).toBe('created');
    const after = await ledger(h.portal, 'payon');
    expect({ ...after, events: 0 }).toEqual({ ...before, events: 0 });
    const logged = await sql<{ detail: string | null }>(h.portal, `SELECT detail FROM payments_events WHERE outcome = 'mismatch' AND (event_key LIKE ? OR event_key LIKE ?) ORDER BY id`, [`payment:${cheaper.id}:%`, `payment:${dollars.id}:%`]);
    expect(logged.map((r) => r.detail)).toEqual(['amount: expected 2450000 cents, got 24500', 'currency: expected ARS, got USD']);

    const stranger = mpPayment('PG-NOTOURS234', 'approved');
    const res = await sendMercadoPago(h.portal, { dataId: String(stranger.id) });
    expect(res.json()).toMatchObject({ outcome: 'unknown' });
  });

  it('never follows a body that names another payment than the signed query', async () => {
    const { reference } = await startedCheckout();
    const signed = mpPayment(reference, 'pending');
    const other = mpPayment(reference, 'approved');
    const res = await sendMercadoPago(h.portal, { dataId: String(signed.id), bodyId: String(other.id) });
    expect(res.statusCode).toBe(400);
    expect(await statusOf(reference)).toBe('created');
  });

  it('a notification about another tenant’s payment changes nothing there', async () => {
    const other = await signedInCustomer(h.portal, 'payother', 'otro');
    const inv = await loadInvoice(h.portal, 'payother', other.accountNumber, { total: '5000.00' });
    const started = await checkout(h.portal, other, [['invoice', String(inv.id)]], 'sandbox');
    const theirs = mpPayment(started.reference, 'approved', 5000);
    const res = await sendMercadoPago(h.portal, { dataId: String(theirs.id) });
    expect(res.json()).toMatchObject({ outcome: 'unknown' });
    expect(await statusOf(started.reference!)).toBe('created');
    // payother has no Mercado Pago at all: its webhook does not exist.
    expect((await sendMercadoPago(h.portal, { dataId: String(theirs.id), host: 'payother' })).statusCode).toBe(404);
  });

  it('the customer coming back sees the real state, asked of Mercado Pago, even before the notification', async () => {
    const { customer, reference } = await startedCheckout();
    mpPayment(reference, 'approved');
    const page = await customer.client.get(`/payments/return/${reference}?collection_status=rejected&status=rejected`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-status="approved"');
    expect(await statusOf(reference)).toBe('approved');
  });

  it('refunds an approved payment through the API with an idempotency key; the notification then marks it refunded', async () => {
    const { reference } = await startedCheckout();
    const p = mpPayment(reference, 'approved');
    await sendMercadoPago(h.portal, { dataId: String(p.id) });
    const payments = (await import('../provides.ts')).paymentsOf(h.portal.services);
    const tenant = h.portal.tenants.get('payon')!;
    const em = h.portal.db.forTenant('payon');
    expect(await payments.refund(tenant, em, reference)).toEqual({ refundId: String(9000 + p.id) });
    const call = h.mp.requests.filter((r) => r.path === `/v1/payments/${p.id}/refunds`).at(-1)!;
    expect(call.headers['x-idempotency-key']).toBe(`refund-${reference}-2450000`);
    expect(JSON.parse(call.body)).toEqual({ amount: 24500 });
    p.status = 'refunded';
    await sendMercadoPago(h.portal, { dataId: String(p.id) });
    expect(await statusOf(reference)).toBe('refunded');
    await expect(payments.refund(tenant, em, reference)).rejects.toThrow('is refunded, not approved');
  });
});
