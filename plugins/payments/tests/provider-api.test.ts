import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createEndpoint } from 'portal/testing';
import { localDate } from 'portal/sdk';
import { apiClient } from '../testing/api-client.ts';
import type { ApiProblem, Delivery, OnlinePayment, OpenApiDoc, Page, PaymentReport } from '../testing/api-answers.ts';
import { auditRows, HOSTS, ledger, loadInvoice, signedInCustomer, sql, startPaymentsPortal, type Customer, type PaymentsHarness, type TenantKey } from '../testing/harness.ts';
import { checkout, PDF, PNG, postMultipart } from '../testing/requests.ts';
import { sendMercadoPago } from '../testing/notifications.ts';
import { addDays } from '../domain/days.ts';

let h: PaymentsHarness;
const keys = { billing: '', reader: '', other: '' };
let billingKeyId = 0;
let mpSeq = 8_100_000;

beforeAll(async () => {
  h = await startPaymentsPortal();
  const created = await createApiKey(h.portal.db.forTenant('payon'), 'payon', { name: 'billing', scopes: ['online-payments:read', 'payment-reports:write'], createdBy: 'test' });
  keys.billing = created.key;
  billingKeyId = created.id;
  keys.reader = (await createApiKey(h.portal.db.forTenant('payon'), 'payon', { name: 'reader', scopes: ['online-payments:read', 'payment-reports:read'], createdBy: 'test' })).key;
  keys.other = (await createApiKey(h.portal.db.forTenant('payother'), 'payother', { name: 'other', scopes: ['online-payments:read', 'payment-reports:write'], createdBy: 'test' })).key;
  for (const tenant of ['payon', 'payother']) {
    await createEndpoint(h.portal.db.forTenant(tenant), h.portal.services.webhooks.secrets, tenant, {
      url: 'http://127.0.0.1:9/hook',
      events: ['payment.approved', 'payment.reported', 'payment.report-decided'],
      createdBy: 'test',
    });
  }
});
afterAll(async () => h?.dispose());

const api = (key: string, tenant: TenantKey = 'payon') => apiClient(h.portal, key, tenant);

/** A payment's delivery adds the status it left. */
type PaymentData = OnlinePayment & { previousStatus: string | null };

/** The deliveries queued for one record: a payment by reference, a report by id. */
async function deliveries<D extends { reference?: string | null; id?: number } = PaymentData>(event: string, match: { reference?: string; reportId?: number }) {
  const rows = await sql<Delivery<D>>(h.portal, `SELECT tenant_id, event, payload FROM api_webhook_deliveries WHERE event = ? ORDER BY id`, [event]);
  return rows.filter((r) => (match.reference ? r.payload.data.reference === match.reference : r.payload.data.id === match.reportId));
}

const recently = () => addDays(localDate(new Date(), 'America/Argentina/Buenos_Aires'), -2);

/** A customer's report through the portal's form, naming an invoice; returns the report's id. */
async function reported(c: Customer, invoiceId: number | null, receipt = { filename: 'comprobante.pdf', data: PDF }) {
  await c.client.get(`/payments/report?account=${c.accountNumber}`);
  const fields: Record<string, string> = { account: c.accountNumber, amount: '15.400,50', paidOn: recently(), method: 'transfer', collector: 'Banco Nación', reference: 'OP-55120' };
  if (invoiceId) fields.invoice = String(invoiceId);
  const res = await postMultipart(h.portal, c.client, '/payments/report', fields, [{ name: 'receipt', ...receipt }]);
  expect(res.statusCode).toBe(303);
  const [row] = await sql<{ id: number }>(h.portal, `SELECT id FROM payments_reports WHERE account_id = ? ORDER BY id DESC LIMIT 1`, [c.accountId]);
  return row.id;
}

describe('online payments', () => {
  it('a sandbox approval queues one payment.approved, named by the provider’s ids, and shows in the API', async () => {
    const ana = await signedInCustomer(h.portal, 'payon', 'ana');
    await sql(h.portal, `UPDATE customers SET external_id = ? WHERE id = ?`, [`CUST-${ana.customerId}`, ana.customerId]);
    const inv = await loadInvoice(h.portal, 'payon', ana.accountNumber, { total: '24500.00' });
    const started = await checkout(h.portal, ana, [['invoice', String(inv.id)]], 'sandbox');
    const reference = started.reference!;
    await ana.client.get(started.location);
    expect((await deliveries('payment.approved', { reference }))).toEqual([]);
    expect((await ana.client.post(started.location, { decision: 'approved' })).statusCode).toBe(303);
    // The customer's return page and a second click on the sandbox page are later news of the same approval.
    await ana.client.get(`/payments/return/${reference}`);
    await ana.client.post(started.location, { decision: 'approved' });

    const sent = await deliveries('payment.approved', { reference });
    expect(sent).toHaveLength(1);
    expect(sent[0].tenant_id).toBe('payon');
    const data = sent[0].payload.data;
    expect(data).toMatchObject({
      reference,
      status: 'approved',
      previousStatus: 'created',
      gateway: 'sandbox',
      gatewayPaymentId: started.location.split('/').at(-1),
      kind: 'invoices',
      amount: '24500.00',
      currency: 'ARS',
      accountNumber: ana.accountNumber,
      customer: { id: ana.customerId, externalId: `CUST-${ana.customerId}` },
      invoices: [{ externalId: inv.externalId, kind: 'invoice', amount: '24500.00' }],
    });
    expect(data.invoices[0].label).toMatch(/^B \d{5}-\d{8}$/);
    expect(Date.parse(data.paidAt!)).not.toBeNaN();

    const one = await api(keys.reader).get(`/api/v1/online-payments/${reference}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ ...data, previousStatus: undefined });
    const approved = await api(keys.reader).get(`/api/v1/online-payments?status=approved&account=${ana.accountNumber}`);
    expect(approved.json<Page<OnlinePayment>>().items.map((p) => p.reference)).toEqual([reference]);
    expect((await api(keys.reader).get(`/api/v1/online-payments?status=pending&account=${ana.accountNumber}`)).json<Page<OnlinePayment>>().items).toEqual([]);
  });

  it('a gateway that notifies "pending", then "approved" twice, and replays one: one payment.approved', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'mp');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '12000.00' });
    const started = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'mercadopago');
    const reference = started.reference!;
    mpSeq += 1;
    const mp = { id: mpSeq, status: 'pending', status_detail: 'pending_contingency', external_reference: reference, transaction_amount: 12000, currency_id: 'ARS', date_approved: null as string | null };
    h.mp.payments.set(String(mp.id), mp);
    expect((await sendMercadoPago(h.portal, { dataId: String(mp.id), requestId: 'api-pending' })).json()).toMatchObject({ outcome: 'applied' });
    expect(await deliveries('payment.approved', { reference })).toEqual([]);
    Object.assign(mp, { status: 'approved', status_detail: 'accredited', date_approved: new Date().toISOString() });
    expect((await sendMercadoPago(h.portal, { dataId: String(mp.id), requestId: 'api-approved-1' })).json()).toMatchObject({ outcome: 'applied' });
    expect((await sendMercadoPago(h.portal, { dataId: String(mp.id), requestId: 'api-approved-2' })).json()).toMatchObject({ outcome: 'unchanged' });
    await sendMercadoPago(h.portal, { dataId: String(mp.id), requestId: 'api-approved-1' });

    const sent = await deliveries('payment.approved', { reference });
    expect(sent).toHaveLength(1);
    expect(sent[0].payload.data).toMatchObject({ gateway: 'mercadopago', gatewayPaymentId: String(mp.id), previousStatus: 'pending', amount: '12000.00' });
  });

  it('pages in change order with a cursor that resumes, and filters by updated_since', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'pagina');
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '1500.00' });
      made.push((await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox')).reference!);
    }
    const seen: string[] = [];
    let url = `/api/v1/online-payments?account=${c.accountNumber}&limit=2`;
    let page: Page<OnlinePayment>;
    do {
      page = (await api(keys.reader).get(url)).json<Page<OnlinePayment>>();
      seen.push(...page.items.map((p) => p.reference));
      url = `/api/v1/online-payments?account=${c.accountNumber}&limit=2&cursor=${page.nextCursor}`;
    } while (page.hasMore);
    expect(seen).toEqual(made);
    expect((await api(keys.reader).get(url)).json()).toMatchObject({ items: [], hasMore: false });
    expect((await api(keys.reader).get(`/api/v1/online-payments?account=${c.accountNumber}&updated_since=2999-01-01T00:00:00Z`)).json<Page<OnlinePayment>>().items).toEqual([]);
    const bad = await api(keys.reader).get('/api/v1/online-payments?status=paid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ApiProblem>().problems![0].field).toBe('status');
    expect((await api(keys.reader).get('/api/v1/online-payments/PG-NOSUCHONE1')).statusCode).toBe(404);
  });
});

describe('payment reports', () => {
  it('a customer’s report queues payment.reported with the receipt’s name, type and size; list, get and the file itself', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'informa');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '15400.50' });
    const id = await reported(c, inv.id);
    const sent = await deliveries<PaymentReport>('payment.reported', { reportId: id });
    expect(sent).toHaveLength(1);
    const expected = {
      id,
      status: 'reported',
      accountNumber: c.accountNumber,
      customer: { id: c.customerId, externalId: null },
      amount: '15400.50',
      currency: 'ARS',
      paidOn: recently(),
      method: 'transfer',
      collector: 'Banco Nación',
      reference: 'OP-55120',
      invoice: { externalId: inv.externalId, kind: 'invoice', label: expect.stringMatching(/^B /) as string },
      receipt: { name: `comprobante-${id}.pdf`, type: 'application/pdf', size: PDF.length, href: `/api/v1/payment-reports/${id}/receipt` },
      rejectReason: null,
      paymentExternalId: null,
      decidedAt: null,
    };
    expect(sent[0].payload.data).toMatchObject(expected);

    const one = await api(keys.reader).get(`/api/v1/payment-reports/${id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject(expected);
    const queue = (await api(keys.reader).get(`/api/v1/payment-reports?status=reported&account=${c.accountNumber}`)).json<Page<PaymentReport>>();
    expect(queue.items).toEqual([expect.objectContaining({ id, receipt: expect.objectContaining({ size: null }) as PaymentReport['receipt'] })]);

    const file = await api(keys.reader).get(`/api/v1/payment-reports/${id}/receipt`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="comprobante-${id}.pdf"`);
    expect(file.rawPayload.equals(PDF)).toBe(true);

    const png = await reported(c, null, { filename: 'foto.png', data: PNG });
    expect((await api(keys.reader).get(`/api/v1/payment-reports/${png}/receipt`)).headers['content-type']).toBe('image/png');
  });

  it('accepted through the API: the payment settles the invoice, the customer is emailed, audited with the key, report-decided queued', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'acepta');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '15400.50' });
    const id = await reported(c, inv.id);
    const before = await ledger(h.portal, 'payon');

    const res = await api(keys.billing).post(`/api/v1/payment-reports/${id}/decision`, { decision: 'accepted' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'accepted', paymentExternalId: `report-${id}`, receipt: { size: PDF.length } });
    expect(Date.parse(res.json<PaymentReport>().decidedAt!)).not.toBeNaN();
    expect(await sql(h.portal, `SELECT status, reviewed_by, reviewed_at IS NOT NULL AS reviewed FROM payments_reports WHERE id = ?`, [id])).toEqual([{ status: 'accepted', reviewed_by: null, reviewed: true }]);
    expect(await sql(h.portal, `SELECT invoice_id, amount, method FROM invoice_payments WHERE tenant_id = 'payon' AND external_id = ?`, [`report-${id}`])).toEqual([
      { invoice_id: inv.id, amount: '15400.50', method: 'transfer' },
    ]);
    expect(await sql(h.portal, `SELECT total - paid_amount AS balance FROM invoices WHERE id = ?`, [inv.id])).toEqual([{ balance: '0.00' }]);
    const after = await ledger(h.portal, 'payon');
    expect([after.payments - before.payments, after.mails - before.mails]).toEqual([1, 1]);
    const [mail] = await sql<{ subject: string }>(h.portal, `SELECT subject FROM mail_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1`, [c.email]);
    expect(mail.subject).toBe('Acreditamos el pago que informaste');
    expect((await auditRows(h.portal, 'payon', 'payments.report-accepted')).filter((r) => r.details.report === id)).toEqual([
      expect.objectContaining({ actor_type: 'api', actor_id: String(billingKeyId), subject: c.accountNumber }),
    ]);
    expect((await deliveries<PaymentReport>('payment.report-decided', { reportId: id })).map((d) => d.payload.data)).toEqual([
      expect.objectContaining({ status: 'accepted', paymentExternalId: `report-${id}` }),
    ]);

    const again = await api(keys.billing).post(`/api/v1/payment-reports/${id}/decision`, { decision: 'rejected', reason: 'Lo pensamos mejor' });
    expect(again.statusCode).toBe(409);
    expect(await ledger(h.portal, 'payon')).toEqual(after);
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_reports WHERE id = ?`, [id]))[0].status).toBe('accepted');
    expect(await deliveries<PaymentReport>('payment.report-decided', { reportId: id })).toHaveLength(1);
    expect((await api(keys.billing).get(`/api/v1/payment-reports?status=reported&account=${c.accountNumber}`)).json<Page<PaymentReport>>().items).toEqual([]);
  });

  it('rejected through the API: a reason is required, and the customer receives it', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'rechaza');
    const id = await reported(c, null);
    const url = `/api/v1/payment-reports/${id}/decision`;
    for (const body of [{ decision: 'rejected' }, { decision: 'rejected', reason: '   ' }]) {
      const res = await api(keys.billing).post(url, body);
      expect(res.statusCode).toBe(400);
      expect(res.json<ApiProblem>().problems).toEqual([{ field: 'reason', in: 'body', message: expect.stringContaining('required') as string }]);
    }
    expect((await api(keys.billing).post(url, { decision: 'accepted', reason: 'ok' })).json<ApiProblem>().problems![0].field).toBe('reason');
    expect((await api(keys.billing).post(url, { decision: 'maybe' })).json<ApiProblem>().problems![0].field).toBe('decision');
    expect((await api(keys.billing).post(url, { decision: 'rejected', reason: 'Otro', note: 'x' })).json<ApiProblem>().problems![0].field).toBe('note');
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_reports WHERE id = ?`, [id]))[0].status).toBe('reported');

    const res = await api(keys.billing).post(url, { decision: 'rejected', reason: 'El comprobante es de otra cuenta.' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'rejected', rejectReason: 'El comprobante es de otra cuenta.', paymentExternalId: null });
    const [mail] = await sql<{ subject: string; text: string }>(h.portal, `SELECT subject, text FROM mail_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1`, [c.email]);
    expect(mail.subject).toBe('No pudimos acreditar el pago que informaste');
    expect(mail.text).toContain('El comprobante es de otra cuenta.');
    expect((await auditRows(h.portal, 'payon', 'payments.report-rejected')).at(-1)).toMatchObject({ actor_type: 'api', details: { report: id } });
    expect((await api(keys.billing).post(url, { decision: 'accepted' })).statusCode).toBe(409);
  });

  it('a read-only key may not decide (403), and nothing changes', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'lector');
    const id = await reported(c, null);
    const before = await ledger(h.portal, 'payon');
    expect((await api(keys.reader).post(`/api/v1/payment-reports/${id}/decision`, { decision: 'accepted' })).statusCode).toBe(403);
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_reports WHERE id = ?`, [id]))[0].status).toBe('reported');
    expect(await ledger(h.portal, 'payon')).toEqual(before);
  });

  it('ids that are not a report of the tenant: 404, or 400 when not an id at all', async () => {
    expect((await api(keys.reader).get('/api/v1/payment-reports/2147483000')).statusCode).toBe(404);
    expect((await api(keys.billing).post('/api/v1/payment-reports/2147483000/decision', { decision: 'accepted' })).statusCode).toBe(404);
    const bad = await api(keys.reader).get('/api/v1/payment-reports/abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ApiProblem>().problems![0].field).toBe('id');
  });
});

describe('the OpenAPI document', () => {
  it('lists both resources, the decision body and the receipt’s file types', async () => {
    const doc = (await h.portal.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { host: HOSTS.payon } })).json<OpenApiDoc>();
    expect(doc.tags.map((t) => t.name)).toEqual(expect.arrayContaining(['online-payments', 'payment-reports']));
    expect(doc.paths['/api/v1/online-payments'].get.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['cursor', 'updated_since', 'status']));
    const decision = doc.paths['/api/v1/payment-reports/{id}/decision'].post;
    expect(decision.requestBody.content['application/json'].schema.properties.decision.enum).toEqual(['accepted', 'rejected']);
    expect(Object.keys(doc.paths['/api/v1/payment-reports/{id}/receipt'].get.responses['200'].content).sort()).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
  });
});

describe('another tenant', () => {
  it('cannot see, download or decide payon’s records: 404 and never listed', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'ajeno');
    const id = await reported(c, null);
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '2000.00' });
    const { reference } = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    const other = api(keys.other, 'payother');
    expect((await other.get(`/api/v1/payment-reports/${id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/payment-reports/${id}/receipt`)).statusCode).toBe(404);
    expect((await other.post(`/api/v1/payment-reports/${id}/decision`, { decision: 'rejected', reason: 'No es nuestro' })).statusCode).toBe(404);
    expect((await other.get(`/api/v1/online-payments/${reference}`)).statusCode).toBe(404);
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_reports WHERE id = ?`, [id]))[0].status).toBe('reported');
    const reports = (await other.get('/api/v1/payment-reports?limit=500')).json<Page<PaymentReport>>();
    const payments = (await other.get('/api/v1/online-payments?limit=500')).json<Page<OnlinePayment>>();
    expect(reports.items.map((r) => r.id)).not.toContain(id);
    expect(payments.items.map((p) => p.reference)).not.toContain(reference);
    // payother has its own: the lists are not empty for lack of working.
    const mine = await signedInCustomer(h.portal, 'payother', 'propio');
    const own = await reported(mine, null);
    expect((await other.get('/api/v1/payment-reports?limit=500')).json<Page<PaymentReport>>().items.map((r) => r.id)).toContain(own);
    expect(await sql(h.portal, `SELECT DISTINCT tenant_id FROM api_webhook_deliveries WHERE event = 'payment.reported' AND (payload->'data'->>'id')::int = ?`, [own])).toEqual([{ tenant_id: 'payother' }]);
    // A payon key is unknown on payother's host.
    expect((await api(keys.billing, 'payother').get('/api/v1/payment-reports')).statusCode).toBe(401);
  });
});
