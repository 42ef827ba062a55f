import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, loginStaff, createEndpoint, type Client } from 'portal/testing';
import { auditRows, HOSTS, ledger, loadInvoice, signedInCustomer, sql, startPaymentsPortal, type Customer, type PaymentsHarness, type TenantKey } from '../testing/harness.ts';
import { checkout, location } from '../testing/requests.ts';
import { sendMercadoPago, sendStripe } from '../testing/notifications.ts';
import type { Delivery, OnlinePayment } from '../testing/api-answers.ts';

let h: PaymentsHarness;
let billing: Client;
let billingId: number;
beforeAll(async () => {
  h = await startPaymentsPortal();
  const staff = await createStaff(h.portal, 'payon', { role: 'billing' });
  billingId = staff.id;
  billing = await loginStaff(h.portal, HOSTS.payon, staff);
});
afterAll(async () => h?.dispose());

interface Paid {
  customer: Customer;
  invoiceId: number;
  reference: string;
  id: number;
}

async function started(tenant: TenantKey, gateway: string, total: string, typeCode = 6) {
  const customer = await signedInCustomer(h.portal, tenant, 'reembolso');
  const inv = await loadInvoice(h.portal, tenant, customer.accountNumber, { total, typeCode });
  const out = await checkout(h.portal, customer, [['invoice', String(inv.id)]], gateway);
  expect(out.status).toBe(303);
  const [{ id }] = await sql<{ id: number }>(h.portal, `SELECT id FROM payments_payments WHERE reference = ?`, [out.reference]);
  return { customer, invoiceId: inv.id, reference: out.reference!, id, location: out.location };
}

/** A $ 24.500 invoice paid through the sandbox, approved on its page. */
async function paidWithSandbox(tenant: TenantKey = 'payon', total = '24500.00'): Promise<Paid> {
  const s = await started(tenant, 'sandbox', total);
  await s.customer.client.get(s.location);
  expect((await s.customer.client.post(s.location, { decision: 'approved' })).statusCode).toBe(303);
  expect(await statusOf(s.id)).toBe('approved');
  return s;
}

/** A $ 18.000 type A invoice paid through Stripe Checkout, approved by its signed event. */
async function paidWithStripe(): Promise<Paid & { intent: string }> {
  const s = await started('payon', 'stripe', '18000.00', 1);
  const session = [...h.stripe.sessions.values()].find((x) => x.client_reference_id === s.reference)!;
  const intent = `pi_${session.id}`;
  await sendStripe(h.portal, { type: 'checkout.session.completed', session: { ...session, status: 'complete', payment_status: 'paid', payment_intent: intent } });
  expect(await statusOf(s.id)).toBe('approved');
  return { ...s, intent };
}

let mpSeq = 8_000_000;
/** A $ 24.500 invoice paid through Mercado Pago, approved by its notification. */
async function paidWithMercadoPago(): Promise<Paid & { mpId: number }> {
  const s = await started('payon', 'mercadopago', '24500.00');
  mpSeq += 1;
  const mp = { id: mpSeq, status: 'approved', status_detail: 'accredited', external_reference: s.reference, transaction_amount: 24500, currency_id: 'ARS', date_approved: new Date().toISOString() };
  h.mp.payments.set(String(mp.id), mp);
  await sendMercadoPago(h.portal, { dataId: String(mp.id) });
  expect(await statusOf(s.id)).toBe('approved');
  return { ...s, mpId: mp.id };
}

const statusOf = async (id: number) => (await sql<{ status: string }>(h.portal, `SELECT status FROM payments_payments WHERE id = ?`, [id]))[0]?.status;
const invoiceBalance = async (id: number) => (await sql<{ balance: string }>(h.portal, `SELECT total - paid_amount - credited_amount AS balance FROM invoices WHERE id = ?`, [id]))[0].balance;
const accountBalance = async (accountId: number) =>
  (await sql<{ balance: string }>(h.portal, `SELECT COALESCE(sum(amount), 0)::numeric(14,2)::text AS balance FROM account_movements WHERE account_id = ?`, [accountId]))[0].balance;
const mailsTo = (email: string) => sql<{ subject: string; text: string }>(h.portal, `SELECT subject, text FROM mail_outbox WHERE to_address = ? ORDER BY id`, [email]);
const successes = async () => (await auditRows(h.portal, 'payon', 'payments.refund')).filter((r) => r.outcome === 'success');

/** Opens the confirmation page (for its CSRF token) and confirms the refund. */
async function refund(client: Client, id: number, reason = 'El cliente pagó dos veces la misma factura.') {
  await client.get(`/staff/payments/online/${id}/refund`);
  return client.post(`/staff/payments/online/${id}/refund`, { reason });
}

describe('refunding an approved online payment from the back office', () => {
  it('billing finds the payment, confirms with a reason: refunded, invoice owed again, customer emailed, audited, announced', async () => {
    const p = await paidWithSandbox();
    const heard: Record<string, unknown>[] = [];
    h.portal.services.events.on('payments.refunded', 'core', (payload) => void heard.push(payload));
    await createEndpoint(h.portal.db.forTenant('payon'), h.portal.services.webhooks.secrets, 'payon', { url: 'http://127.0.0.1:9/hook', events: ['payment.refunded'], createdBy: 'test' });

    const found = await billing.get(`/staff/payments?q=${p.customer.accountNumber}`);
    expect(found.body).toContain(`href="/staff/payments/online/${p.id}"`);
    expect((await billing.get(`/staff/payments?q=${p.reference.toLowerCase()}`)).body).toContain(`data-reference="${p.reference}"`);
    expect((await billing.get('/staff/payments?q=NO-SUCH-ACCOUNT')).body).not.toContain(`data-reference="${p.reference}"`);

    const detail = await billing.get(`/staff/payments/online/${p.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('data-action="refund"');
    const confirm = await billing.get(`/staff/payments/online/${p.id}/refund`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Vas a devolver $ 24.500,00 por Pasarela de prueba');
    expect(confirm.body).toContain('data-action="confirm-refund"');
    expect((await p.customer.client.get(`/invoices/${p.invoiceId}`)).body).toContain('Pagada');
    const balanceBefore = await accountBalance(p.customer.accountId);
    expect(balanceBefore).toBe('0.00');
    const mailsBefore = (await mailsTo(p.customer.email)).length;

    const res = await billing.post(`/staff/payments/online/${p.id}/refund`, { reason: 'El cliente pagó dos veces la misma factura.' });
    expect(res.statusCode).toBe(303);
    expect(location(res)).toBe(`/staff/payments/online/${p.id}`);

    expect(await sql(h.portal, `SELECT status, refund_reason, refunded_by, refund_id FROM payments_payments WHERE id = ?`, [p.id])).toEqual([
      { status: 'refunded', refund_reason: 'El cliente pagó dos veces la misma factura.', refunded_by: billingId, refund_id: expect.stringMatching(/^sandbox-refund-/) as string },
    ]);
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_sandbox_charges WHERE reference = ?`, [p.reference]))[0].status).toBe('refunded');

    // The invoice owes again, and the account is back where it was before paying.
    expect(await invoiceBalance(p.invoiceId)).toBe('24500.00');
    const invoicePage = await p.customer.client.get(`/invoices/${p.invoiceId}`);
    expect(invoicePage.body).toContain('A pagar');
    expect(invoicePage.body).not.toContain('Pagada');
    expect(await accountBalance(p.customer.accountId)).toBe('24500.00');
    expect((await p.customer.client.get('/invoices/statement')).body).toContain(`Devolución del pago en línea ${p.reference}`);
    expect((await p.customer.client.get('/payments')).body).toContain(`data-reference="${p.reference}" data-status="refunded"`);

    const mails = (await mailsTo(p.customer.email)).slice(mailsBefore);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Te devolvimos un pago');
    expect(mails[0].text).toContain(`Te devolvimos $ 24.500,00 del pago en línea ${p.reference}`);
    expect(mails[0].text).toContain('El cliente pagó dos veces la misma factura.');

    expect((await successes()).filter((r) => r.details.reference === p.reference)).toEqual([
      expect.objectContaining({ actor_type: 'staff', actor_id: String(billingId), subject: p.customer.accountNumber, details: expect.objectContaining({ amount: '24500.00', reason: 'El cliente pagó dos veces la misma factura.' }) as Record<string, unknown> }),
    ]);
    expect(heard).toEqual([expect.objectContaining({ paymentId: p.id, reference: p.reference, amount: '24500.00', staffId: billingId })]);
    // The provider's billing hears of it too, by its own ids.
    const deliveries = await sql<Delivery<OnlinePayment & { refund: { gatewayRefundId: string | null; reason: string | null } }>>(h.portal, `SELECT event, payload FROM api_webhook_deliveries WHERE tenant_id = 'payon' AND event = 'payment.refunded'`);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].payload.data).toMatchObject({
      reference: p.reference,
      status: 'refunded',
      accountNumber: p.customer.accountNumber,
      refund: { gatewayRefundId: expect.stringMatching(/^sandbox-refund-/) as string, reason: 'El cliente pagó dos veces la misma factura.' },
    });

    const after = await billing.get(`/staff/payments/online/${p.id}`);
    expect(after.body).toContain(`Reembolsamos $ 24.500,00 del pago ${p.reference}`);
    expect(after.body).toContain('data-status="refunded"');
    expect(after.body).not.toContain('data-action="refund"');
  });

  it('a payment in advance: the credit leaves the statement', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'adelanto');
    const out = await checkout(h.portal, c, [['advance', '5000']], 'sandbox');
    expect(out.status).toBe(303);
    await c.client.get(out.location);
    await c.client.post(out.location, { decision: 'approved' });
    const [{ id }] = await sql(h.portal, `SELECT id FROM payments_payments WHERE reference = ?`, [out.reference]);
    expect(await accountBalance(c.accountId)).toBe('-5000.00');
    expect((await refund(billing, id, 'Pidió la baja antes de facturar.')).statusCode).toBe(303);
    expect(await statusOf(id)).toBe('refunded');
    expect(await accountBalance(c.accountId)).toBe('0.00');
  });

  it('support sees the payment but cannot refund it: 403, audited, nothing changes', async () => {
    const p = await paidWithSandbox();
    const support = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'support' }));
    const detail = await support.get(`/staff/payments/online/${p.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).not.toContain('data-action="refund"');
    const before = await ledger(h.portal, 'payon');
    const denied = (await auditRows(h.portal, 'payon', 'staff.denied')).length;
    expect((await support.get(`/staff/payments/online/${p.id}/refund`)).statusCode).toBe(403);
    expect((await support.post(`/staff/payments/online/${p.id}/refund`, { reason: 'Quiero devolverlo.' })).statusCode).toBe(403);
    expect(await statusOf(p.id)).toBe('approved');
    expect(await ledger(h.portal, 'payon')).toEqual(before);
    expect((await auditRows(h.portal, 'payon', 'staff.denied')).slice(denied)).toEqual([
      expect.objectContaining({ outcome: 'denied', subject: 'payments.refund', details: { method: 'GET', path: `/staff/payments/online/${p.id}/refund` } }),
      expect.objectContaining({ outcome: 'denied', subject: 'payments.refund', details: { method: 'POST', path: `/staff/payments/online/${p.id}/refund` } }),
    ]);
    // Administrators hold every permission.
    const admin = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'administrator' }));
    expect((await admin.get(`/staff/payments/online/${p.id}`)).body).toContain('data-action="refund"');
  });

  it('a second refund is refused with a clear message, and two submits at once refund once', async () => {
    const p = await paidWithSandbox();
    expect((await refund(billing, p.id)).statusCode).toBe(303);
    const once = await ledger(h.portal, 'payon');
    const audited = (await successes()).length;
    const again = await billing.post(`/staff/payments/online/${p.id}/refund`, { reason: 'Otra vez.' });
    expect(again.statusCode).toBe(303);
    expect((await billing.get(location(again))).body).toContain(`El pago ${p.reference} ya fue reembolsado: no se volvió a devolver.`);
    expect(await ledger(h.portal, 'payon')).toEqual(once);
    expect((await successes()).length).toBe(audited);
    // The confirmation page itself is no longer offered.
    expect(location(await billing.get(`/staff/payments/online/${p.id}/refund`))).toBe(`/staff/payments/online/${p.id}`);

    // Stripe answers a repeated idempotency key with the same refund, so only our lock stops a second email.
    const q = await paidWithStripe();
    await billing.get(`/staff/payments/online/${q.id}/refund`);
    const before = await ledger(h.portal, 'payon');
    const movementsBefore = await sql<{ n: number }>(h.portal, `SELECT count(*)::int AS n FROM account_movements WHERE account_id = ?`, [q.customer.accountId]);
    const both = await Promise.all([1, 2].map(() => billing.post(`/staff/payments/online/${q.id}/refund`, { reason: 'Doble clic del operador.' })));
    expect(both.map((r) => r.statusCode)).toEqual([303, 303]);
    expect(await statusOf(q.id)).toBe('refunded');
    const after = await ledger(h.portal, 'payon');
    expect(after.mails - before.mails).toBe(1);
    expect(await sql(h.portal, `SELECT count(*)::int AS n FROM account_movements WHERE account_id = ?`, [q.customer.accountId])).toEqual([{ n: movementsBefore[0].n + 1 }]);
    expect((await successes()).filter((r) => r.details.reference === q.reference)).toHaveLength(1);
    expect(await accountBalance(q.customer.accountId)).toBe('18000.00');
  });

  it('a refund the gateway refuses shows why and changes nothing; a missing reason asks for one', async () => {
    const p = await paidWithStripe();
    h.stripe.refunded.add(p.intent); // refunded on Stripe's dashboard already
    const before = await ledger(h.portal, 'payon');
    const res = await refund(billing, p.id);
    expect(res.statusCode).toBe(303);
    const page = await billing.get(location(res));
    expect(page.body).toContain('Tarjeta internacional no aceptó el reembolso y no se cambió nada.');
    expect(page.body).toContain('charge_already_refunded');
    expect(await statusOf(p.id)).toBe('approved');
    expect(await invoiceBalance(p.invoiceId)).toBe('0.00');
    expect(await ledger(h.portal, 'payon')).toEqual(before);
    expect((await auditRows(h.portal, 'payon', 'payments.refund')).at(-1)).toMatchObject({ outcome: 'failure', details: { reference: p.reference, problem: 'gateway' } });

    const q = await paidWithSandbox();
    await billing.get(`/staff/payments/online/${q.id}/refund`);
    const blank = await billing.post(`/staff/payments/online/${q.id}/refund`, { reason: '  ' });
    expect(location(blank)).toBe(`/staff/payments/online/${q.id}/refund`);
    expect((await billing.get(location(blank))).body).toContain('Escribí el motivo del reembolso');
    expect(await statusOf(q.id)).toBe('approved');
  });

  it('a payment that is not approved offers no refund and refuses one', async () => {
    const s = await started('payon', 'sandbox', '3000.00');
    expect((await billing.get(`/staff/payments/online/${s.id}`)).body).not.toContain('data-action="refund"');
    await billing.get(`/staff/payments/online/${s.id}`);
    const res = await billing.post(`/staff/payments/online/${s.id}/refund`, { reason: 'No debería poder.' });
    expect((await billing.get(location(res))).body).toContain(`Solo se reembolsan pagos aprobados, y el pago ${s.reference} está iniciado.`);
    expect(await statusOf(s.id)).toBe('created');
  });

  it("another tenant's payment id is a 404, and stays approved", async () => {
    const theirs = await paidWithSandbox('payother', '5000.00');
    expect((await billing.get(`/staff/payments/online/${theirs.id}`)).statusCode).toBe(404);
    expect((await billing.get(`/staff/payments/online/${theirs.id}/refund`)).statusCode).toBe(404);
    await billing.get('/staff/payments');
    expect((await billing.post(`/staff/payments/online/${theirs.id}/refund`, { reason: 'No es de este portal.' })).statusCode).toBe(404);
    expect(await statusOf(theirs.id)).toBe('approved');
    expect((await billing.get('/staff/payments/online/99999999')).statusCode).toBe(404);
  });
});

describe('the gateways refund through their APIs', () => {
  it('Stripe: POST /v1/refunds with the payment intent, the amount in cents and an idempotency key', async () => {
    const p = await paidWithStripe();
    const res = await refund(billing, p.id);
    expect(res.statusCode).toBe(303);
    const calls = h.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds' && new URLSearchParams(r.body).get('payment_intent') === p.intent);
    expect(calls).toHaveLength(1);
    expect(calls[0].headers['idempotency-key']).toBe(`refund-${p.reference}-1800000`);
    expect(calls[0].headers.authorization).toBe('Bearer sk_test_51Payments');
    expect(Object.fromEntries(new URLSearchParams(calls[0].body))).toEqual({ payment_intent: p.intent, amount: '1800000' });
    expect(await sql(h.portal, `SELECT status, refund_id FROM payments_payments WHERE id = ?`, [p.id])).toEqual([{ status: 'refunded', refund_id: expect.stringMatching(/^re_test_/) as string }]);
    expect(await invoiceBalance(p.invoiceId)).toBe('18000.00');
  });

  it('Mercado Pago: POST /v1/payments/{id}/refunds with the amount and X-Idempotency-Key; its later notification changes nothing more', async () => {
    const p = await paidWithMercadoPago();
    expect((await refund(billing, p.id)).statusCode).toBe(303);
    const calls = h.mp.requests.filter((r) => r.method === 'POST' && r.path === `/v1/payments/${p.mpId}/refunds`);
    expect(calls).toHaveLength(1);
    expect(calls[0].headers['x-idempotency-key']).toBe(`refund-${p.reference}-2450000`);
    expect(JSON.parse(calls[0].body)).toEqual({ amount: 24500 });
    expect(await sql(h.portal, `SELECT status, refund_id FROM payments_payments WHERE id = ?`, [p.id])).toEqual([{ status: 'refunded', refund_id: String(9000 + p.mpId) }]);
    expect(await invoiceBalance(p.invoiceId)).toBe('24500.00');

    const before = await ledger(h.portal, 'payon');
    h.mp.payments.get(String(p.mpId))!.status = 'refunded';
    const notice = await sendMercadoPago(h.portal, { dataId: String(p.mpId) });
    expect(notice.json()).toMatchObject({ outcome: 'unchanged' });
    const after = await ledger(h.portal, 'payon');
    expect({ ...after, events: before.events }).toEqual(before);
  });
});
