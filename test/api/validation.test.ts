import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/test-portal.ts';
import { api, sql, startApiPortal } from './support/api-portal.ts';
import { loadAll, records } from './support/records.ts';

let portal: TestPortal;
let key: string;
beforeAll(async () => {
  portal = await startApiPortal();
  key = await loadAll(portal, 'one', 'V1');
});
afterAll(async () => portal?.dispose());

const fields = (res: { json(): any }) => res.json().problems.map((p: { field: string }) => p.field).sort();

describe('invalid bodies answer 400 naming every field at fault, and write nothing', () => {
  it('missing, unknown, mistyped and malformed fields of an invoice, nested ones by path', async () => {
    const { body } = records('V1').invoice;
    const { accountNumber: _omit, ...withoutAccount } = body;
    const bad = { ...withoutAccount, totl: '1.00', typeCode: 'B', issueDate: '14/01/2025', lines: [{ description: 'x', unitPrice: '1.00', amount: 'mucho' }] };
    const res = await api(portal, 'one', key).put('/api/v1/invoices/BAD-1', bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('Bad Request');
    expect(fields(res)).toEqual(expect.arrayContaining(['accountNumber', 'totl', 'typeCode', 'issueDate', 'lines.0.amount']));
    expect(res.json().problems.find((p: { field: string }) => p.field === 'totl').message).toBe('is not a known field');
    expect(res.json().problems.find((p: { field: string }) => p.field === 'accountNumber').message).toBe('is required');
    expect(await sql(portal, `SELECT 1 FROM invoices WHERE external_id = 'BAD-1'`)).toEqual([]);
  });

  it('every resource checks its body', async () => {
    const c = api(portal, 'one', key);
    const cases: [string, unknown, string][] = [
      ['/api/v1/customers/X', { name: 'A', email: 'no-es-un-email' }, 'email'],
      ['/api/v1/accounts/X', { holderName: 'A', documentType: 'dni', documentNumber: '1' }, 'documentType'],
      ['/api/v1/services/X', { accountNumber: 'A-V1', kind: 'water', plan: 'p' }, 'status'],
      ['/api/v1/payments/X', { accountNumber: 'A-V1', paidOn: '2025-01-01', amount: '10', method: 'bitcoin' }, 'method'],
      ['/api/v1/movements/X', { accountNumber: 'A-V1', date: '2025-01-01', kind: 'adjustment', description: 'x', amount: '1,50' }, 'amount'],
      ['/api/v1/meters/X', { accountNumber: 'A-V1', number: 'N', kind: 'water', digits: 13 }, 'digits'],
      ['/api/v1/readings/X', { meterExternalId: 'MT-V1', readOn: '2025-02-30', value: 5, source: 'company' }, 'readOn'],
    ];
    for (const [path, body, field] of cases) {
      const res = await c.put(path, body);
      expect(res.statusCode, `${path} ${res.body}`).toBe(400);
      expect(fields(res), path).toContain(field);
    }
  });

  it('query strings are checked too', async () => {
    const c = api(portal, 'one', key);
    const res = await c.get('/api/v1/invoices?limit=0&updated_since=ayer');
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['limit', 'updated_since']);
    const cursor = await c.get('/api/v1/invoices?cursor=not-ours');
    expect(cursor.statusCode).toBe(400);
    expect(fields(cursor)).toEqual(['cursor']);
  });

  it('a body that is not JSON is a 400, not a 500', async () => {
    const res = await portal.app.inject({
      method: 'PUT',
      url: '/api/v1/customers/X',
      headers: { host: 'portal.apione.test', authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().requestId).toBeDefined();
  });
});

describe('valid bodies the data cannot take answer 422 naming the field', () => {
  it('an unknown account, an invoice already loaded for another account, a payment of a credit note', async () => {
    const c = api(portal, 'one', key);
    const unknown = await c.put('/api/v1/services/X-1', { accountNumber: 'NOPE', kind: 'water', plan: 'p', status: 'active' });
    expect(unknown.statusCode).toBe(422);
    expect(fields(unknown)).toEqual(['accountNumber']);
    await c.put('/api/v1/accounts/A-V2', { holderName: 'Otro', documentType: 'DNI', documentNumber: '2' });
    const moved = await c.put('/api/v1/invoices/F-V1', { ...records('V1').invoice.body, accountNumber: 'A-V2' });
    expect(moved.statusCode).toBe(422);
    expect(fields(moved)).toEqual(['accountNumber']);
    const note = await c.put('/api/v1/invoices/NC-V1', { ...records('V1').invoice.body, typeCode: 8, number: '00008-00000102', relatedInvoiceExternalId: 'F-V1', total: '100.00', netAmount: '100.00', vatAmount: '0', lines: [] });
    expect(note.statusCode, note.body).toBe(201);
    const payNote = await c.put('/api/v1/payments/P-NC', { accountNumber: 'A-V1', invoiceExternalId: 'NC-V1', paidOn: '2025-01-20', amount: '1', method: 'cash' });
    expect(payNote.statusCode).toBe(422);
    expect(fields(payNote)).toEqual(['invoiceExternalId']);
  });

  it('an email another customer uses is a 409 naming it', async () => {
    const c = api(portal, 'one', key);
    const res = await c.put('/api/v1/customers/C-OTHER', { name: 'Otra', email: records('V1').customer.body.email.toUpperCase() });
    expect(res.statusCode).toBe(409);
    expect(fields(res)).toEqual(['email']);
  });
});
