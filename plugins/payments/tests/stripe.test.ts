import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledger, loadInvoice, signedInCustomer, sql, startPaymentsPortal, type PaymentsHarness } from '../testing/harness.ts';
import { checkout } from '../testing/requests.ts';
import { sendStripe } from '../testing/notifications.ts';
import { nowSeconds } from '../testing/sign.ts';
import type { StripeStubSession } from '../testing/stripe-stub.ts';

let h: PaymentsHarness;
beforeAll(async () => {
  h = await startPaymentsPortal();
});
afterAll(async () => h?.dispose());

/** A customer sent to Stripe Checkout for a $ 18.000 type A invoice (Stripe takes types 1 and 6 here). */
async function startedSession(): Promise<{ reference: string; session: StripeStubSession; invoiceId: number }> {
  const customer = await signedInCustomer(h.portal, 'payon', 'st');
  const inv = await loadInvoice(h.portal, 'payon', customer.accountNumber, { typeCode: 1, total: '18000.00' });
  const started = await checkout(h.portal, customer, [['invoice', String(inv.id)]], 'stripe');
  expect(started.status).toBe(303);
  const session = [...h.stripe.sessions.values()].find((s) => s.client_reference_id === started.reference)!;
  expect(started.location).toBe(session.url);
  return { reference: started.reference!, session, invoiceId: inv.id };
}

const paid = (s: StripeStubSession) => ({ ...s, status: 'complete' as const, payment_status: 'paid' as const, payment_intent: `pi_${s.id}` });
const statusOf = async (reference: string) => (await sql<{ status: string }>(h.portal, `SELECT status FROM payments_payments WHERE reference = ?`, [reference]))[0].status;

describe('Stripe Checkout', () => {
  it('creates the session with an idempotency key, our reference and the amount in cents', async () => {
    const { reference, session } = await startedSession();
    const call = h.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!;
    expect(call.headers['idempotency-key']).toBe(`checkout-${reference}`);
    const form = new URLSearchParams(call.body);
    expect(form.get('mode')).toBe('payment');
    expect(form.get('line_items[0][price_data][unit_amount]')).toBe('1800000');
    expect(form.get('line_items[0][price_data][currency]')).toBe('ars');
    expect(session.metadata.reference).toBe(reference);
  });

  describe('a delivery whose signature does not hold: 401 and nothing changes', () => {
    const cases: [string, (e: Parameters<typeof sendStripe>[1]) => Parameters<typeof sendStripe>[1]][] = [
      ['signed with another endpoint secret', (e) => ({ ...e, secret: 'whsec_someone_else' })],
      ['body changed after signing (amount)', (e) => ({ ...e, tamper: (b) => b.replace('"amount_total":1800000', '"amount_total":1') })],
      ['body re-serialised (whitespace)', (e) => ({ ...e, tamper: (b) => JSON.stringify(JSON.parse(b), null, 1) })],
      ['older than 300 seconds', (e) => ({ ...e, t: nowSeconds() - 301 })],
    ];
    for (const [name, change] of cases) {
      it(name, async () => {
        const { reference, session } = await startedSession();
        const before = await ledger(h.portal, 'payon');
        const res = await sendStripe(h.portal, change({ type: 'checkout.session.completed', session: paid(session) }));
        expect(res.statusCode).toBe(401);
        expect(await ledger(h.portal, 'payon')).toEqual(before);
        expect(await statusOf(reference)).toBe('created');
      });
    }

    it('without the header at all', async () => {
      const before = await ledger(h.portal, 'payon');
      const res = await h.portal.app.inject({ method: 'POST', url: '/payments/webhooks/stripe', headers: { host: 'portal.payon.test', 'content-type': 'application/json' }, payload: '{"id":"evt_1","type":"checkout.session.completed"}' });
      expect(res.statusCode).toBe(401);
      expect(await ledger(h.portal, 'payon')).toEqual(before);
    });
  });

  it('checkout.session.completed delivered 100 times, then 100 at once: one payment, one movement, one email', async () => {
    const { reference, session, invoiceId } = await startedSession();
    const before = await ledger(h.portal, 'payon');
    const event = { id: 'evt_replayed_1', type: 'checkout.session.completed', session: paid(session), t: nowSeconds() };
    for (let i = 0; i < 100; i++) expect((await sendStripe(h.portal, event)).statusCode).toBe(200);
    const together = await Promise.all(Array.from({ length: 100 }, () => sendStripe(h.portal, event)));
    expect(together.every((r) => r.statusCode === 200)).toBe(true);
    const after = await ledger(h.portal, 'payon');
    expect([after.payments - before.payments, after.movements - before.movements, after.mails - before.mails, after.events - before.events]).toEqual([1, 1, 1, 1]);
    expect(await statusOf(reference)).toBe('approved');
    expect(await sql(h.portal, `SELECT amount, method, collector FROM invoice_payments WHERE invoice_id = ?`, [invoiceId])).toEqual([{ amount: '18000.00', method: 'credit_card', collector: 'Stripe' }]);
  });

  it('out of order: async success before the unpaid completion ends approved; failure after pending ends rejected', async () => {
    const a = await startedSession();
    await sendStripe(h.portal, { type: 'checkout.session.async_payment_succeeded', session: paid(a.session) });
    await sendStripe(h.portal, { type: 'checkout.session.completed', session: { ...a.session, status: 'complete', payment_status: 'unpaid' } });
    expect(await statusOf(a.reference)).toBe('approved');

    const b = await startedSession();
    await sendStripe(h.portal, { type: 'checkout.session.completed', session: { ...b.session, status: 'complete', payment_status: 'unpaid' } });
    expect(await statusOf(b.reference)).toBe('pending');
    await sendStripe(h.portal, { type: 'checkout.session.async_payment_failed', session: { ...b.session, status: 'complete', payment_status: 'unpaid' } });
    expect(await statusOf(b.reference)).toBe('rejected');

    const c = await startedSession();
    await sendStripe(h.portal, { type: 'checkout.session.completed', session: paid(c.session) });
    await sendStripe(h.portal, { type: 'checkout.session.expired', session: { ...c.session, status: 'expired' } });
    expect(await statusOf(c.reference)).toBe('approved');
  });

  it('refuses a signed event whose session does not match the payment (amount, currency, session), and ignores other events', async () => {
    const { reference, session } = await startedSession();
    const before = await ledger(h.portal, 'payon');
    for (const wrong of [{ amount_total: 100 }, { currency: 'usd' }, { id: 'cs_test_someone_else' }]) {
      const res = await sendStripe(h.portal, { type: 'checkout.session.completed', session: { ...paid(session), ...wrong } });
      expect(res.json()).toMatchObject({ outcome: expect.stringMatching(/^(mismatch|unknown)$/) as string });
    }
    expect(await statusOf(reference)).toBe('created');
    expect((await ledger(h.portal, 'payon')).payments).toBe(before.payments);
    const other = await sendStripe(h.portal, { type: 'customer.created', session: { id: 'cus_1' } });
    expect(other.json()).toEqual({ received: true });
  });

  it('the reconcile job finds a session paid while its notification got lost', async () => {
    const { reference, session } = await startedSession();
    h.stripe.sessions.set(session.id, paid(session));
    await sql(h.portal, `UPDATE payments_payments SET created_at = now() - interval '30 minutes' WHERE reference = ?`, [reference]);
    const tenant = h.portal.tenants.get('payon')!;
    const summary = await (await import('../provides.ts')).paymentsOf(h.portal.services).reconcile(tenant, h.portal.db.forTenant('payon'));
    expect(summary.moved).toBeGreaterThanOrEqual(1);
    expect(await statusOf(reference)).toBe('approved');
  });
});
