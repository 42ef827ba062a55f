import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, loginStaff } from 'portal/testing';
import { checkAgreement } from '../domain/agreement-rules.ts';
import { paymentsOf } from '../provides.ts';
import { auditRows, HOSTS, loadInvoice, signedInCustomer, sql, startPaymentsPortal, type Customer, type PaymentsHarness } from '../testing/harness.ts';
import { checkout } from '../testing/requests.ts';

let h: PaymentsHarness;
beforeAll(async () => {
  h = await startPaymentsPortal();
});
afterAll(async () => h?.dispose());

const rules = { minInstalments: 2, maxInstalments: 6, minDownPaymentPercent: 20, minDebt: 10000 };

describe('agreement rules', () => {
  it('splits what is left after the down payment, the last instalment taking the odd cents', () => {
    expect(checkAgreement(rules, 5_000_000, 3, 1_000_000)).toEqual({ ok: true, plan: { debtCents: 5_000_000, downPaymentCents: 1_000_000, instalments: 3, instalmentCents: 1_333_333, lastInstalmentCents: 1_333_334 } });
  });

  it('names each rule broken', () => {
    expect(checkAgreement(rules, 900_000, 3, 200_000)).toEqual({ ok: false, problems: { debt: 'debt-too-small' } });
    expect(checkAgreement(rules, 5_000_000, 7, 1_000_000)).toEqual({ ok: false, problems: { instalments: 'instalments' } });
    expect(checkAgreement(rules, 5_000_000, 1, 1_000_000)).toEqual({ ok: false, problems: { instalments: 'instalments' } });
    expect(checkAgreement(rules, 5_000_000, 3, 999_999)).toEqual({ ok: false, problems: { downPayment: 'down-payment-low' } });
    expect(checkAgreement(rules, 5_000_000, 3, 5_000_000)).toEqual({ ok: false, problems: { downPayment: 'down-payment-high' } });
  });
});

describe('asking for and deciding on a payment agreement', () => {
  async function indebted(total = '50000.00'): Promise<Customer> {
    const c = await signedInCustomer(h.portal, 'payon', 'plan');
    await loadInvoice(h.portal, 'payon', c.accountNumber, { total, dueDate: '2026-01-10' });
    return c;
  }

  async function request(c: Customer, form: Record<string, string>) {
    await c.client.get(`/payments/agreements/new?account=${c.accountNumber}`);
    return c.client.post('/payments/agreements', { account: c.accountNumber, ...form });
  }

  it('refuses requests outside the tenant rules with the reason, and keeps nothing', async () => {
    const c = await indebted();
    const few = await request(c, { instalments: '1', downPayment: '10.000' });
    expect(few.statusCode).toBe(422);
    expect(few.body).toContain('Elegí entre 2 y 6 cuotas.');
    const low = await request(c, { instalments: '3', downPayment: '9.999,99' });
    expect(low.body).toContain('El anticipo tiene que ser de al menos $ 10.000,00.');
    const small = await signedInCustomer(h.portal, 'payon', 'chica');
    await loadInvoice(h.portal, 'payon', small.accountNumber, { total: '5000.00' });
    const page = await small.client.get(`/payments/agreements?account=${small.accountNumber}`);
    expect(page.body).not.toContain('data-action="request-agreement"');
    const refused = await request(small, { instalments: '3', downPayment: '1000' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Podés pedir un plan de pagos cuando tu saldo supera $ 10.000,00.');
    expect(await sql(h.portal, `SELECT id FROM payments_agreements WHERE account_id IN (?, ?)`, [c.accountId, small.accountId])).toEqual([]);
  });

  it('a request within the rules waits for review; only one at a time', async () => {
    const c = await indebted();
    const res = await request(c, { instalments: '4', downPayment: '10.000,00', note: 'Cobro a fin de mes.' });
    expect(res.statusCode).toBe(303);
    const list = await c.client.get(`/payments/agreements?account=${c.accountNumber}`);
    expect(list.body).toContain('Recibimos tu pedido de plan de pagos.');
    expect(list.body).toMatch(/data-status="pending"/);
    expect(list.body).toContain('4 cuotas de $ 10.000,00');
    expect(list.body).not.toContain('data-action="request-agreement"');
    const again = await request(c, { instalments: '2', downPayment: '20000' });
    expect(again.statusCode).toBe(303);
    expect(await sql(h.portal, `SELECT count(*)::int AS n FROM payments_agreements WHERE account_id = ?`, [c.accountId])).toEqual([{ n: 1 }]);
  });

  it('staff approve it: the schedule is laid out, the customer sees the instalments and is told; audited', async () => {
    const c = await indebted('60000.00');
    await request(c, { instalments: '3', downPayment: '15000' });
    const [{ id }] = await sql<{ id: number }>(h.portal, `SELECT id FROM payments_agreements WHERE account_id = ?`, [c.accountId]);
    const staff = await createStaff(h.portal, 'payon', { role: 'billing' });
    const billing = await loginStaff(h.portal, HOSTS.payon, staff);
    expect((await billing.get('/staff/payments/agreements')).body).toContain(`data-agreement="${id}"`);
    expect((await billing.post(`/staff/payments/agreements/${id}/approve`)).statusCode).toBe(303);
    const schedule = await sql(h.portal, `SELECT number, amount FROM payments_agreement_instalments WHERE agreement_id = ? ORDER BY number`, [id]);
    expect(schedule).toEqual([{ number: 0, amount: '15000.00' }, { number: 1, amount: '15000.00' }, { number: 2, amount: '15000.00' }, { number: 3, amount: '15000.00' }]);
    const [mail] = await sql<{ subject: string; text: string }>(h.portal, `SELECT subject, text FROM mail_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1`, [c.email]);
    expect(mail.subject).toBe('Aprobamos tu plan de pagos');
    expect(mail.text).toContain('Cuota 3');
    expect(await auditRows(h.portal, 'payon', 'payments.agreement-approved')).toContainEqual(expect.objectContaining({ actor_id: String(staff.id), subject: c.accountNumber }));

    await paymentsOf(h.portal.services).markInstalmentPaid(h.portal.tenants.get('payon')!, h.portal.db.forTenant('payon'), id, 0, '2026-03-05');
    const page = await c.client.get(`/payments/agreements?account=${c.accountNumber}`);
    expect(page.body).toMatch(/data-status="approved"/);
    expect(page.body).toContain('1 de 4 pagas');
    expect([...page.body.matchAll(/<tr data-state="(\w+)">/g)].map((m) => m[1])).toEqual(['paid', 'pending', 'pending', 'pending']);
    // A second decision on the same request does nothing.
    await billing.post(`/staff/payments/agreements/${id}/reject`, { reason: 'Tarde' });
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_agreements WHERE id = ?`, [id]))[0].status).toBe('approved');
  });

  it('a plan whose debt was paid online after the request is not approved: the operator sees the change and may still reject it', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'pagoantes');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '70000.00', dueDate: '2026-01-10' });
    await request(c, { instalments: '6', downPayment: '14000' });
    const [{ id }] = await sql<{ id: number }>(h.portal, `SELECT id FROM payments_agreements WHERE account_id = ?`, [c.accountId]);
    const paid = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    await c.client.get(paid.location);
    expect((await c.client.post(paid.location, { decision: 'approved' })).statusCode).toBe(303);

    const billing = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'billing' }));
    const queue = (await billing.get('/staff/payments/agreements')).body;
    const card = queue.slice(queue.indexOf(`data-agreement="${id}"`)).split('</article>')[0];
    expect(card).toContain('La deuda del pedido ($ 70.000,00) ya está paga: hoy el saldo de la cuenta es $ 0,00.');
    expect(card).not.toContain(`action="/staff/payments/agreements/${id}/approve"`);
    // A page opened before the payment still posts the approval: it is refused with the figures.
    expect((await billing.post(`/staff/payments/agreements/${id}/approve`)).statusCode).toBe(303);
    expect((await billing.get('/staff/payments/agreements')).body).toContain(
      `No se aprobó el plan de la cuenta ${c.accountNumber}: la deuda cambió desde el pedido (era $ 70.000,00, hoy es $ 0,00).`,
    );
    expect(await sql(h.portal, `SELECT status, reviewed_at FROM payments_agreements WHERE id = ?`, [id])).toEqual([{ status: 'pending', reviewed_at: null }]);
    expect(await sql(h.portal, `SELECT count(*)::int AS n FROM payments_agreement_instalments WHERE agreement_id = ?`, [id])).toEqual([{ n: 0 }]);
    expect(await sql(h.portal, `SELECT subject FROM mail_outbox WHERE to_address = ? AND subject = 'Aprobamos tu plan de pagos'`, [c.email])).toEqual([]);
    expect((await auditRows(h.portal, 'payon', 'payments.agreement-approved')).filter((r) => r.details.agreement === id)).toEqual([]);

    await billing.post(`/staff/payments/agreements/${id}/reject`, { reason: 'La deuda ya está paga.' });
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_agreements WHERE id = ?`, [id]))[0].status).toBe('rejected');
  });

  it('staff reject it with a reason the customer receives; support may not decide', async () => {
    const c = await indebted();
    await request(c, { instalments: '2', downPayment: '10000' });
    const [{ id }] = await sql<{ id: number }>(h.portal, `SELECT id FROM payments_agreements WHERE account_id = ?`, [c.accountId]);
    const support = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'support' }));
    await support.get('/staff/payments/agreements');
    expect((await support.post(`/staff/payments/agreements/${id}/approve`)).statusCode).toBe(403);
    const billing = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'billing' }));
    await billing.get('/staff/payments/agreements');
    await billing.post(`/staff/payments/agreements/${id}/reject`, { reason: 'Tenés otro plan vigente sin pagar.' });
    expect(await sql(h.portal, `SELECT status, reject_reason FROM payments_agreements WHERE id = ?`, [id])).toEqual([{ status: 'rejected', reject_reason: 'Tenés otro plan vigente sin pagar.' }]);
    const [mail] = await sql<{ subject: string; text: string }>(h.portal, `SELECT subject, text FROM mail_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1`, [c.email]);
    expect(mail.subject).toBe('No pudimos aprobar tu plan de pagos');
    expect(mail.text).toContain('Tenés otro plan vigente sin pagar.');
    expect((await c.client.get(`/payments/agreements?account=${c.accountNumber}`)).body).toContain('data-action="request-agreement"');
  });

  it('staff record instalments paid from the approved tab: audited, once, never in the future; the last completes the plan', async () => {
    const c = await indebted('30000.00');
    await request(c, { instalments: '2', downPayment: '10000' });
    const [{ id }] = await sql<{ id: number }>(h.portal, `SELECT id FROM payments_agreements WHERE account_id = ?`, [c.accountId]);
    const staff = await createStaff(h.portal, 'payon', { role: 'billing' });
    const billing = await loginStaff(h.portal, HOSTS.payon, staff);
    await billing.get('/staff/payments/agreements');
    await billing.post(`/staff/payments/agreements/${id}/approve`);
    const tab = (await billing.get('/staff/payments/agreements?status=approved')).body;
    const card = tab.slice(tab.indexOf(`data-agreement="${id}"`));
    expect(card).toContain(`action="/staff/payments/agreements/${id}/instalments/0/paid"`);
    expect(card).toContain(`action="/staff/payments/agreements/${id}/instalments/2/paid"`);

    const url = (n: number) => `/staff/payments/agreements/${id}/instalments/${n}/paid`;
    const paidOn = async (n: number) => (await sql<{ d: string | null }>(h.portal, `SELECT paid_on::text AS d FROM payments_agreement_instalments WHERE agreement_id = ? AND number = ?`, [id, n]))[0].d;
    const tomorrow = new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10);
    expect((await billing.post(url(0), { paidOn: tomorrow })).statusCode).toBe(303);
    expect((await billing.get('/staff/payments/agreements?status=approved')).body).toContain('Elegí la fecha en que se pagó la cuota (no puede ser posterior a hoy).');
    expect((await billing.post(url(0), { paidOn: '2026-02-31' })).statusCode).toBe(303);
    expect(await paidOn(0)).toBeNull();

    expect((await billing.post(url(0), { paidOn: '2026-03-02' })).statusCode).toBe(303);
    expect((await billing.get('/staff/payments/agreements?status=approved')).body).toContain(`Registramos el pago de Anticipo de la cuenta ${c.accountNumber}.`);
    expect(await paidOn(0)).toBe('2026-03-02');
    await billing.post(url(0), { paidOn: '2026-03-04' });
    expect((await billing.get('/staff/payments/agreements?status=approved')).body).toContain('Esa cuota ya figuraba pagada: no se cambió nada.');
    expect(await paidOn(0)).toBe('2026-03-02');
    expect((await auditRows(h.portal, 'payon', 'payments.instalment-paid')).filter((r) => r.details.agreement === id)).toEqual([
      expect.objectContaining({ actor_id: String(staff.id), subject: c.accountNumber, details: { agreement: id, instalment: 0, paidOn: '2026-03-02' } }),
    ]);
    expect((await billing.post(url(9), { paidOn: '2026-03-02' })).statusCode).toBe(404);

    const support = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'support' }));
    await support.get('/staff/payments/agreements');
    expect((await support.post(url(1), { paidOn: '2026-03-02' })).statusCode).toBe(403);
    const elsewhere = await loginStaff(h.portal, HOSTS.payother, await createStaff(h.portal, 'payother', { role: 'billing' }));
    await elsewhere.get('/staff/payments/agreements');
    expect((await elsewhere.post(url(1), { paidOn: '2026-03-02' })).statusCode).toBe(404);
    expect(await paidOn(1)).toBeNull();

    await billing.post(url(1), { paidOn: '2026-03-05' });
    await billing.post(url(2), { paidOn: '2026-03-05' });
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_agreements WHERE id = ?`, [id]))[0].status).toBe('completed');
    expect((await c.client.get(`/payments/agreements?account=${c.accountNumber}`)).body).toContain('3 de 3 pagas');
  });
});
