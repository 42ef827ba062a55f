import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, createApiKey } from 'portal/testing';
import { HOSTS, signedInCustomer, startInvoicesPortal } from '../testing/invoices-portal.ts';
import { sampleInvoice } from '../testing/sample-invoice.ts';

let portal: TestPortal;
let key: string;
beforeAll(async () => {
  portal = await startInvoicesPortal();
  key = (await createApiKey(portal.db.forTenant('invon'), 'invon', { name: 'billing', scopes: ['invoices:write', 'payments:write'], createdBy: 'test' })).key;
});
afterAll(async () => portal?.dispose());

const call = (method: 'GET' | 'PUT', url: string, body?: unknown) =>
  portal.app.inject({
    method,
    url,
    headers: { host: HOSTS.on, authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    payload: body ? JSON.stringify(body) : undefined,
  });

/** The API's answers, as far as these tests read them. */
interface ApiProblem {
  problems: { field: string; in: string; message: string }[];
}
interface InvoiceList {
  items: { externalId: string }[];
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('invoices through the provider API', () => {
  it("stores the provider's own PDF (base64 in the body) and serves it to the customer", async () => {
    const ana = await signedInCustomer(portal, 'invon', HOSTS.on, 'API-0001');
    const { externalId, ...body } = sampleInvoice('API-0001', { externalId: 'API-F1', originalPdf: { filename: 'F-0008-68421.pdf', content: PDF.toString('base64') } });
    const res = await call('PUT', `/api/v1/invoices/${externalId}`, body);
    expect(res.statusCode, res.body).toBe(201);
    expect((await call('GET', '/api/v1/invoices/API-F1')).json()).toMatchObject({ hasOriginalPdf: true, balance: '24500.00' });
    const [{ id }] = await portal.db.orm.em.getConnection().execute(`SELECT id FROM invoices WHERE tenant_id = 'invon' AND external_id = 'API-F1'`);
    const pdf = await ana.client.get(`/invoices/${id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.equals(PDF)).toBe(true);
  });

  it('refuses a file that is not a PDF and a type the provider does not issue, naming the field', async () => {
    const { externalId: _a, ...notPdf } = sampleInvoice('API-0001', { externalId: 'API-F2', number: '00008-00000002', originalPdf: { content: Buffer.from('GIF89a').toString('base64') } });
    const res = await call('PUT', '/api/v1/invoices/API-F2', notPdf);
    expect(res.statusCode).toBe(422);
    expect(res.json<ApiProblem>().problems).toEqual([{ field: 'originalPdf.content', in: 'body', message: 'not a PDF file' }]);
    const { externalId: _b, ...typeE } = sampleInvoice('API-0001', { externalId: 'API-F3', number: '00008-00000003', typeCode: 19 });
    const bad = await call('PUT', '/api/v1/invoices/API-F3', typeE);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ApiProblem>().problems.map((p) => p.field)).toEqual(['typeCode']);
    // A Factura C from a Responsable Inscripto (invon): a type its VAT condition cannot issue.
    const { externalId: _d, ...typeC } = sampleInvoice('API-0001', { externalId: 'API-F4', number: '00008-00000004', typeCode: 11, vatAmount: '0.00', netAmount: '24500.00' });
    const wrongLetter = await call('PUT', '/api/v1/invoices/API-F4', typeC);
    expect(wrongLetter.statusCode).toBe(422);
    expect(wrongLetter.json<ApiProblem>().problems).toEqual([{ field: 'typeCode', in: 'body', message: "11 is not among this provider's invoice types (1, 2, 3, 6, 7, 8)" }]);
    expect((await call('GET', '/api/v1/invoices/API-F4')).statusCode).toBe(404);
  });

  it('a credit note and a payment settle the invoice', async () => {
    const { externalId: _c, ...note } = sampleInvoice('API-0001', { externalId: 'API-NC1', typeCode: 8, number: '00008-00000010', relatedInvoiceExternalId: 'API-F1', total: '4500.00', netAmount: '3719.01', vatAmount: '780.99', lines: [] });
    expect((await call('PUT', '/api/v1/invoices/API-NC1', note)).statusCode).toBe(201);
    expect((await call('PUT', '/api/v1/payments/API-P1', { accountNumber: 'API-0001', invoiceExternalId: 'API-F1', paidOn: '2025-01-20', amount: '20000.00', method: 'online' })).statusCode).toBe(201);
    expect((await call('GET', '/api/v1/invoices/API-F1')).json()).toMatchObject({ paidAmount: '20000.00', creditedAmount: '4500.00', balance: '0.00' });
  });

  it('an invoice changed by SQL outside the API (a settlement) still shows in the next `updated_since` sync', async () => {
    const conn = portal.db.orm.em.getConnection();
    const [{ since }] = await conn.execute<{ since: string }[]>(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS since`);
    const before = await call('GET', `/api/v1/invoices?updated_since=${since}`);
    expect(before.json<InvoiceList>().items.map((i) => i.externalId)).not.toContain('API-F1');
    await conn.execute(`UPDATE invoices SET paid_amount = total WHERE tenant_id = 'invon' AND external_id = 'API-F1'`);
    const after = await call('GET', `/api/v1/invoices?updated_since=${since}`);
    expect(after.json<InvoiceList>().items.map((i) => i.externalId)).toContain('API-F1');
  });
});
