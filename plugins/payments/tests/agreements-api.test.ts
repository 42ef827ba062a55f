import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createEndpoint, createStaff, loginStaff } from 'portal/testing';
import { localDate } from 'portal/sdk';
import { addDays } from '../domain/days.ts';
import { apiClient } from '../testing/api-client.ts';
import type { Agreement, ApiProblem, Delivery, OpenApiDoc, Page } from '../testing/api-answers.ts';
import { auditRows, HOSTS, loadInvoice, signedInCustomer, sql, startPaymentsPortal, type Customer, type PaymentsHarness, type TenantKey } from '../testing/harness.ts';

let h: PaymentsHarness;
const keys = { billing: '', reader: '', other: '' };
let billingKeyId = 0;

beforeAll(async () => {
  h = await startPaymentsPortal();
  const billing = await createApiKey(h.portal.db.forTenant('payon'), 'payon', { name: 'billing', scopes: ['payment-agreements:write'], createdBy: 'test' });
  keys.billing = billing.key;
  billingKeyId = billing.id;
  keys.reader = (await createApiKey(h.portal.db.forTenant('payon'), 'payon', { name: 'reader', scopes: ['payment-agreements:read'], createdBy: 'test' })).key;
  keys.other = (await createApiKey(h.portal.db.forTenant('payother'), 'payother', { name: 'other', scopes: ['payment-agreements:write'], createdBy: 'test' })).key;
  await createEndpoint(h.portal.db.forTenant('payon'), h.portal.services.webhooks.secrets, 'payon', {
    url: 'http://127.0.0.1:9/hook',
    events: ['agreement.requested', 'agreement.decided'],
    createdBy: 'test',
  });
});
afterAll(async () => h?.dispose());

const api = (key: string, tenant: TenantKey = 'payon') => apiClient(h.portal, key, tenant);

async function deliveries(event: string, agreementId: number) {
  const rows = await sql<Delivery<Agreement>>(h.portal, `SELECT tenant_id, payload FROM api_webhook_deliveries WHERE event = ? ORDER BY id`, [event]);
  return rows.filter((r) => r.payload.data.id === agreementId);
}

/** A customer with a $ 60.000 debt asks, in the portal, for a down payment of 15.000 and 3 instalments. */
async function requested(name: string): Promise<{ c: Customer; id: number }> {
  const c = await signedInCustomer(h.portal, 'payon', name);
  await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '60000.00', dueDate: '2026-01-10' });
  await c.client.get(`/payments/agreements/new?account=${c.accountNumber}`);
  const res = await c.client.post('/payments/agreements', { account: c.accountNumber, instalments: '3', downPayment: '15000', note: 'Cobro el 10.' });
  expect(res.statusCode).toBe(303);
  const [{ id }] = await sql<{ id: number }>(h.portal, `SELECT id FROM payments_agreements WHERE account_id = ?`, [c.accountId]);
  return { c, id };
}

const today = () => localDate(new Date(), 'America/Argentina/Buenos_Aires');

describe('payment agreements through the provider API', () => {
  it('a customer’s request queues agreement.requested and is listed as pending, with no schedule yet', async () => {
    const { c, id } = await requested('pide');
    const expected = {
      id,
      status: 'pending',
      accountNumber: c.accountNumber,
      customer: { id: c.customerId, externalId: null },
      currency: 'ARS',
      debt: '60000.00',
      downPayment: '15000.00',
      instalments: 3,
      instalmentAmount: '15000.00',
      note: 'Cobro el 10.',
      rejectReason: null,
      schedule: [],
      decidedAt: null,
    };
    const sent = await deliveries('agreement.requested', id);
    expect(sent).toHaveLength(1);
    expect(sent[0].payload.data).toMatchObject(expected);
    const one = await api(keys.reader).get(`/api/v1/payment-agreements/${id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject(expected);
    const queue = (await api(keys.reader).get(`/api/v1/payment-agreements?status=pending&account=${c.accountNumber}`)).json<Page<Agreement>>();
    expect(queue.items.map((a) => a.id)).toEqual([id]);
    expect((await api(keys.reader).get(`/api/v1/payment-agreements?status=approved&account=${c.accountNumber}`)).json<Page<Agreement>>().items).toEqual([]);
  });

  it('approved through the API: the schedule is laid out, the customer is emailed, audited with the key, agreement.decided queued; a second decision is a 409', async () => {
    const { c, id } = await requested('aprueba');
    const res = await api(keys.billing).post(`/api/v1/payment-agreements/${id}/decision`, { decision: 'approved' });
    expect(res.statusCode).toBe(200);
    const body = res.json<Agreement>();
    expect(body).toMatchObject({ id, status: 'approved' });
    expect(body.schedule).toEqual([
      { number: 0, dueDate: addDays(today(), 5), amount: '15000.00', paidOn: null, state: 'pending' },
      { number: 1, dueDate: expect.any(String) as string, amount: '15000.00', paidOn: null, state: 'pending' },
      { number: 2, dueDate: expect.any(String) as string, amount: '15000.00', paidOn: null, state: 'pending' },
      { number: 3, dueDate: expect.any(String) as string, amount: '15000.00', paidOn: null, state: 'pending' },
    ]);
    expect(await sql(h.portal, `SELECT status, reviewed_by FROM payments_agreements WHERE id = ?`, [id])).toEqual([{ status: 'approved', reviewed_by: null }]);
    const [mail] = await sql<{ subject: string; text: string }>(h.portal, `SELECT subject, text FROM mail_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1`, [c.email]);
    expect(mail.subject).toBe('Aprobamos tu plan de pagos');
    expect(mail.text).toContain('Cuota 3');
    expect((await auditRows(h.portal, 'payon', 'payments.agreement-approved')).filter((r) => r.details.agreement === id)).toEqual([
      expect.objectContaining({ actor_type: 'api', actor_id: String(billingKeyId), subject: c.accountNumber }),
    ]);
    expect((await deliveries('agreement.decided', id)).map((d) => d.payload.data)).toEqual([expect.objectContaining({ status: 'approved', schedule: body.schedule })]);

    const again = await api(keys.billing).post(`/api/v1/payment-agreements/${id}/decision`, { decision: 'rejected', reason: 'Lo pensamos mejor' });
    expect(again.statusCode).toBe(409);
    expect(again.json<ApiProblem>().message).toBe(`payment agreement ${id} was already decided: approved`);
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_agreements WHERE id = ?`, [id]))[0].status).toBe('approved');
    expect(await deliveries('agreement.decided', id)).toHaveLength(1);
  });

  it('an agreement whose debt changed since the request is not approved: a 409 with the figures, nothing laid out', async () => {
    const { c, id } = await requested('cambia');
    await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '8000.00', dueDate: '2026-02-10' });
    const res = await api(keys.billing).post(`/api/v1/payment-agreements/${id}/decision`, { decision: 'approved' });
    expect(res.statusCode).toBe(409);
    expect(res.json<ApiProblem>().message).toBe(`payment agreement ${id}: the account's debt changed since the request (60000.00, now 68000.00); reject it, and the customer may ask again`);
    expect(await sql(h.portal, `SELECT status FROM payments_agreements WHERE id = ?`, [id])).toEqual([{ status: 'pending' }]);
    expect(await sql(h.portal, `SELECT count(*)::int AS n FROM payments_agreement_instalments WHERE agreement_id = ?`, [id])).toEqual([{ n: 0 }]);
    expect(await deliveries('agreement.decided', id)).toEqual([]);
    expect((await api(keys.billing).post(`/api/v1/payment-agreements/${id}/decision`, { decision: 'rejected', reason: 'La deuda cambió.' })).statusCode).toBe(200);
  });

  it('two operators and the API approving at once: one decision, one schedule, one email, one audit row, one webhook', async () => {
    const { c, id } = await requested('juntos');
    const operators = await Promise.all([1, 2].map(async () => {
      const op = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'billing' }));
      await op.get('/staff/payments/agreements');
      return op;
    }));
    const [viaApi, ...viaStaff] = await Promise.all([
      api(keys.billing).post(`/api/v1/payment-agreements/${id}/decision`, { decision: 'approved' }),
      ...operators.map((op) => op.post(`/staff/payments/agreements/${id}/approve`)),
    ]);
    expect([200, 409]).toContain(viaApi.statusCode);
    expect(viaStaff.map((r) => r.statusCode)).toEqual([303, 303]);
    const flashes = await Promise.all(operators.map(async (op) => (await op.get('/staff/payments/agreements')).body));
    const approvedBy = flashes.filter((b) => b.includes(`Plan de pagos de la cuenta ${c.accountNumber} aprobado`)).length;
    const refusedTo = flashes.filter((b) => b.includes(`Otra persona ya resolvió este pedido de la cuenta ${c.accountNumber}.`)).length;
    expect(approvedBy + (viaApi.statusCode === 200 ? 1 : 0)).toBe(1);
    expect(refusedTo + (viaApi.statusCode === 409 ? 1 : 0)).toBe(2);
    expect(await sql(h.portal, `SELECT count(*)::int AS n FROM payments_agreement_instalments WHERE agreement_id = ?`, [id])).toEqual([{ n: 4 }]);
    expect(await sql(h.portal, `SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = ? AND subject = 'Aprobamos tu plan de pagos'`, [c.email])).toEqual([{ n: 1 }]);
    expect((await auditRows(h.portal, 'payon', 'payments.agreement-approved')).filter((r) => r.details.agreement === id)).toHaveLength(1);
    expect(await deliveries('agreement.decided', id)).toHaveLength(1);
  });

  it('rejected through the API: a reason is required and reaches the customer', async () => {
    const { c, id } = await requested('rechazo');
    const url = `/api/v1/payment-agreements/${id}/decision`;
    for (const body of [{ decision: 'rejected' }, { decision: 'rejected', reason: ' ' }]) {
      const res = await api(keys.billing).post(url, body);
      expect(res.statusCode).toBe(400);
      expect(res.json<ApiProblem>().problems).toEqual([expect.objectContaining({ field: 'reason' })]);
    }
    expect((await api(keys.billing).post(url, { decision: 'approved', reason: 'Dale' })).statusCode).toBe(400);
    expect((await api(keys.billing).post(url, { decision: 'maybe' })).json<ApiProblem>().problems![0].field).toBe('decision');
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_agreements WHERE id = ?`, [id]))[0].status).toBe('pending');

    const res = await api(keys.billing).post(url, { decision: 'rejected', reason: 'Tiene otro plan vigente.' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'rejected', rejectReason: 'Tiene otro plan vigente.', schedule: [] });
    const [mail] = await sql<{ text: string }>(h.portal, `SELECT text FROM mail_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1`, [c.email]);
    expect(mail.text).toContain('Tiene otro plan vigente.');
    expect((await api(keys.billing).post(`/api/v1/payment-agreements/${id}/instalments/0/paid`, { paidOn: today() })).statusCode).toBe(409);
  });

  it('instalments paid: idempotent, never in the future, and the last one completes the agreement; each moves it to the end of the sync', async () => {
    const { id } = await requested('cuotas');
    const pendingOne = await api(keys.billing).post(`/api/v1/payment-agreements/${id}/instalments/0/paid`, { paidOn: today() });
    expect(pendingOne.statusCode).toBe(409);
    const approved = (await api(keys.billing).post(`/api/v1/payment-agreements/${id}/decision`, { decision: 'approved' })).json<Agreement>();
    const paid = (n: number, paidOn: string) => api(keys.billing).post(`/api/v1/payment-agreements/${id}/instalments/${n}/paid`, { paidOn });

    const first = await paid(0, addDays(today(), -1));
    expect(first.statusCode).toBe(200);
    expect(first.json<Agreement>().schedule[0]).toMatchObject({ number: 0, paidOn: addDays(today(), -1), state: 'paid' });
    expect(Date.parse(first.json<Agreement>().updatedAt!)).toBeGreaterThan(Date.parse(approved.updatedAt!));
    const sync = (await api(keys.reader).get(`/api/v1/payment-agreements?updated_since=${encodeURIComponent(first.json<Agreement>().updatedAt!)}`)).json<Page<Agreement>>();
    expect(sync.items.map((a) => a.id)).toContain(id);

    const retry = await paid(0, today());
    expect(retry.statusCode).toBe(200);
    expect(retry.json<Agreement>().schedule[0].paidOn).toBe(addDays(today(), -1));

    const future = await paid(1, addDays(today(), 3));
    expect(future.statusCode).toBe(400);
    expect(future.json<ApiProblem>().problems![0].field).toBe('paidOn');
    expect((await paid(7, today())).statusCode).toBe(404);
    expect((await paid(1, '2026-02-30')).statusCode).toBe(400);

    for (const n of [1, 2]) expect((await paid(n, today())).json<Agreement>().status).toBe('approved');
    const last = await paid(3, today());
    expect(last.json<Agreement>().status).toBe('completed');
    expect(last.json<Agreement>().schedule.map((i) => i.state)).toEqual(['paid', 'paid', 'paid', 'paid']);
    expect(await sql(h.portal, `SELECT count(*)::int AS n FROM payments_agreement_instalments WHERE agreement_id = ? AND paid_on IS NULL`, [id])).toEqual([{ n: 0 }]);
  });

  it('scopes: a read key cannot decide or record; another tenant’s key finds nothing and changes nothing', async () => {
    const { id } = await requested('ajeno');
    const decide = { decision: 'approved' };
    expect((await api(keys.reader).post(`/api/v1/payment-agreements/${id}/decision`, decide)).statusCode).toBe(403);
    expect((await api(keys.other, 'payother').get(`/api/v1/payment-agreements/${id}`)).statusCode).toBe(404);
    expect((await api(keys.other, 'payother').post(`/api/v1/payment-agreements/${id}/decision`, decide)).statusCode).toBe(404);
    expect((await api(keys.other, 'payother').get('/api/v1/payment-agreements')).json<Page<Agreement>>().items).toEqual([]);
    expect((await api(keys.billing, 'payother').get(`/api/v1/payment-agreements/${id}`)).statusCode).toBe(401);
    expect(await sql(h.portal, `SELECT status, reviewed_at FROM payments_agreements WHERE id = ?`, [id])).toEqual([{ status: 'pending', reviewed_at: null }]);
    expect(await deliveries('agreement.decided', id)).toEqual([]);
  });

  it('is in the OpenAPI document: the resource, its decision body and the instalment path', async () => {
    const doc = (await h.portal.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { host: 'portal.payon.test' } })).json<OpenApiDoc>();
    expect(doc.tags.map((t) => t.name)).toContain('payment-agreements');
    expect(doc.paths['/api/v1/payment-agreements/{id}/decision'].post.requestBody.content['application/json'].schema.properties.decision.enum).toEqual(['approved', 'rejected']);
    expect(doc.paths['/api/v1/payment-agreements/{id}/instalments/{number}/paid'].post.requestBody.content['application/json'].schema.required).toEqual(['paidOn']);
  });
});
