import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/test-portal.ts';
import { api, sql, startApiPortal } from './support/api-portal.ts';
import { loadAll, records, type RecordName } from './support/records.ts';

let portal: TestPortal;
let key: string;
beforeAll(async () => {
  portal = await startApiPortal();
  key = await loadAll(portal, 'one', 'U1');
});
afterAll(async () => portal?.dispose());

const ROWS: Record<RecordName, [string, string, string]> = {
  customer: ['customers', 'external_id', 'C-U1'],
  account: ['accounts', 'number', 'A-U1'],
  service: ['account_services', 'external_id', 'S-U1'],
  invoice: ['invoices', 'external_id', 'F-U1'],
  payment: ['invoice_payments', 'external_id', 'P-U1'],
  movement: ['account_movements', 'external_id', 'M-U1'],
  meter: ['meter_readings_meters', 'external_id', 'MT-U1'],
  reading: ['meter_readings_readings', 'external_id', 'L-U1'],
};

describe('PUT is an idempotent upsert by the provider id', () => {
  for (const [name, [table, column, id]] of Object.entries(ROWS) as [RecordName, [string, string, string]][]) {
    it(`${name}: sending it twice leaves one row and reports nothing changed`, async () => {
      const r = records('U1')[name];
      const res = await api(portal, 'one', key).put(r.path, r.body);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ key: id, created: false, changed: false });
      expect(await sql(portal, `SELECT id FROM ${table} WHERE tenant_id = 'apione' AND ${column} = ?`, [id])).toHaveLength(1);
    });
  }

  it('a real change is written once and moves updated_since', async () => {
    const c = api(portal, 'one', key);
    const before = (await c.get('/api/v1/customers/C-U1')).json();
    const r = records('U1').customer;
    const changed = await c.put(r.path, { ...r.body, phone: '0387-4999999' });
    expect(changed.json()).toEqual({ key: 'C-U1', created: false, changed: true });
    const after = (await c.get('/api/v1/customers/C-U1')).json();
    expect(after.phone).toBe('0387-4999999');
    expect(after.updatedAt > before.updatedAt).toBe(true);
    const since = await c.get(`/api/v1/customers?updated_since=${encodeURIComponent(after.updatedAt)}`);
    expect(since.json().items.map((i: { externalId: string }) => i.externalId)).toEqual(['C-U1']);
  });

  it('invoices settle: the payment loaded with the invoice leaves no balance, and the statement has all three movements', async () => {
    const c = api(portal, 'one', key);
    const invoice = (await c.get('/api/v1/invoices/F-U1')).json();
    expect(invoice).toMatchObject({ total: '12100.00', paidAmount: '12100.00', balance: '0.00', number: '00008-00000101', accountNumber: 'A-U1' });
    expect(invoice.lines).toEqual([{ description: 'Cargo fijo', quantity: '1.000', unitPrice: '10000.00', vatRate: '21.00', amount: '10000.00' }]);
    const movements = (await c.get('/api/v1/movements?account=A-U1')).json().items;
    expect(movements.map((m: any) => [m.kind, m.amount, m.invoiceExternalId ?? m.paymentExternalId ?? m.externalId])).toEqual([
      ['invoice', '12100.00', 'F-U1'],
      ['payment', '-12100.00', 'P-U1'],
      ['adjustment', '-500.00', 'M-U1'],
    ]);
  });

  it('lists page with an opaque cursor through every record exactly once', async () => {
    const c = api(portal, 'one', key);
    for (let i = 0; i < 5; i++) await c.put(`/api/v1/accounts/PG-${i}`, { holderName: `Paginado ${i}`, documentType: 'DNI', documentNumber: String(i + 1) });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res = await c.get(`/api/v1/accounts?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const body = res.json();
      seen.push(...body.items.map((a: { number: string }) => a.number));
      cursor = body.nextCursor;
      if (!body.hasMore) break;
    }
    expect(seen.filter((n) => n.startsWith('PG-'))).toEqual(['PG-0', 'PG-1', 'PG-2', 'PG-3', 'PG-4']);
    expect(new Set(seen).size).toBe(seen.length);
    // After the last page the cursor still stands: changes made later follow it.
    await c.put('/api/v1/accounts/PG-9', { holderName: 'Después', documentType: 'DNI', documentNumber: '9' });
    const later = (await c.get(`/api/v1/accounts?cursor=${cursor}`)).json();
    expect(later.items.map((a: { number: string }) => a.number)).toEqual(['PG-9']);
  });

  it('customer readings are listed for billing and marked billed once', async () => {
    const [{ id: meterId }] = await sql(portal, `SELECT id FROM meter_readings_meters WHERE tenant_id = 'apione' AND external_id = 'MT-U1'`);
    const [{ id: readingId }] = await sql(
      portal,
      `INSERT INTO meter_readings_readings (tenant_id, meter_id, register, read_on, value, source, window_key, submitted_at)
       VALUES ('apione', ?, 'total', '2025-02-14', 1300, 'customer', '2025-02-14', now()) RETURNING id`,
      [meterId],
    );
    const c = api(portal, 'one', key);
    const pending = (await c.get('/api/v1/readings?source=customer&billed=false')).json().items;
    expect(pending.map((r: { id: number; value: number }) => [r.id, r.value])).toEqual([[readingId, 1300]]);
    expect((await c.post('/api/v1/readings/billed', { ids: [readingId, 999999] })).json()).toEqual({ marked: [readingId] });
    expect((await c.post('/api/v1/readings/billed', { ids: [readingId] })).json()).toEqual({ marked: [] });
    expect((await c.get('/api/v1/readings?source=customer&billed=false')).json().items).toEqual([]);
  });
});
