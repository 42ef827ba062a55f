import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/test-portal.ts';
import { api, keyFor, sql, startApiPortal } from './support/api-portal.ts';
import { ALL_SCOPES, loadAll, records, type RecordName } from './support/records.ts';

let portal: TestPortal;
let keyOne: string;
let keyTwo: string;
beforeAll(async () => {
  portal = await startApiPortal();
  keyTwo = await loadAll(portal, 'two', 'T2');
  keyOne = await keyFor(portal, 'one', ALL_SCOPES);
});
afterAll(async () => portal?.dispose());

const LISTS: Record<RecordName, string> = {
  customer: '/api/v1/customers',
  account: '/api/v1/accounts',
  service: '/api/v1/services',
  invoice: '/api/v1/invoices',
  payment: '/api/v1/payments',
  movement: '/api/v1/movements',
  meter: '/api/v1/meters',
  reading: '/api/v1/readings',
};

const TABLES: Record<RecordName, [string, string]> = {
  customer: ['customers', 'external_id'],
  account: ['accounts', 'number'],
  service: ['account_services', 'external_id'],
  invoice: ['invoices', 'external_id'],
  payment: ['invoice_payments', 'external_id'],
  movement: ['account_movements', 'external_id'],
  meter: ['meter_readings_meters', 'external_id'],
  reading: ['meter_readings_readings', 'external_id'],
};

describe("a key of tenant one never reaches tenant two's records", () => {
  for (const name of Object.keys(LISTS) as RecordName[]) {
    it(`${name}: not listed and not found by id`, async () => {
      const one = api(portal, 'one', keyOne);
      const list = await one.get(LISTS[name]);
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual([]);
      if (name !== 'movement') expect((await one.get(records('T2')[name].path)).statusCode).toBe(404);
    });
  }

  it("references to tenant two's account, invoice or meter do not resolve in tenant one", async () => {
    const one = api(portal, 'one', keyOne);
    const t2 = records('T2');
    const refused: [string, unknown, string][] = [
      ['/api/v1/services/X', t2.service.body, 'accountNumber'],
      ['/api/v1/invoices/X', t2.invoice.body, 'accountNumber'],
      ['/api/v1/payments/X', t2.payment.body, 'accountNumber'],
      ['/api/v1/movements/X', t2.movement.body, 'accountNumber'],
      ['/api/v1/meters/X', t2.meter.body, 'accountNumber'],
      ['/api/v1/readings/X', t2.reading.body, 'meterExternalId'],
      ['/api/v1/accounts/X', t2.account.body, 'customerExternalId'],
    ];
    for (const [path, body, field] of refused) {
      const res = await one.put(path, body);
      expect(res.statusCode, `${path} ${res.body}`).toBe(422);
      expect(res.json().problems.map((p: { field: string }) => p.field), path).toEqual([field]);
    }
  });

  it("the same provider ids written with tenant one's key make tenant one's own records; tenant two's stay as they were", async () => {
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const [name, [table, column]] of Object.entries(TABLES)) {
        out[name] = await sql(portal, `SELECT * FROM ${table} WHERE tenant_id = 'apitwo' AND ${column} LIKE '%T2' ORDER BY id`);
      }
      return out;
    };
    const before = await snapshot();
    const one = api(portal, 'one', keyOne);
    for (const [name, r] of Object.entries(records('T2'))) {
      const res = await one.put(r.path, { ...r.body, ...(name === 'customer' ? { name: 'Otro' } : {}) });
      expect(res.statusCode, `${name} ${res.body}`).toBe(201);
    }
    expect(await snapshot()).toEqual(before);
    for (const [table, column] of Object.values(TABLES)) {
      const rows = await sql(portal, `SELECT tenant_id FROM ${table} WHERE ${column} LIKE '%T2' ORDER BY tenant_id`);
      expect(new Set(rows.map((r) => r.tenant_id)), table).toEqual(new Set(['apione', 'apitwo']));
    }
    expect((await api(portal, 'two', keyTwo).get('/api/v1/customers/C-T2')).json().name).toBe('Cliente T2');
  });

  it("tenant one's key is unknown on tenant two's hostname, and tenant two's on tenant one's", async () => {
    expect((await api(portal, 'two', keyOne).get('/api/v1/invoices')).statusCode).toBe(401);
    expect((await api(portal, 'one', keyTwo).get('/api/v1/invoices')).statusCode).toBe(401);
    const r = records('T2').customer;
    expect((await api(portal, 'two', keyOne).put(r.path, { ...r.body, name: 'Cambiado' })).statusCode).toBe(401);
    expect((await api(portal, 'two', keyTwo).get('/api/v1/customers/C-T2')).json().name).toBe('Cliente T2');
  });

  it('customer readings of tenant two cannot be marked billed by tenant one', async () => {
    const [{ id: meterId }] = await sql(portal, `SELECT id FROM meter_readings_meters WHERE tenant_id = 'apitwo' AND external_id = 'MT-T2'`);
    const [{ id }] = await sql(
      portal,
      `INSERT INTO meter_readings_readings (tenant_id, meter_id, register, read_on, value, source, window_key, submitted_at)
       VALUES ('apitwo', ?, 'total', '2025-02-14', 1300, 'customer', '2025-02-14', now()) RETURNING id`,
      [meterId],
    );
    expect((await api(portal, 'one', keyOne).post('/api/v1/readings/billed', { ids: [id] })).json()).toEqual({ marked: [] });
    const [row] = await sql(portal, `SELECT billed_at FROM meter_readings_readings WHERE id = ?`, [id]);
    expect(row.billed_at).toBeNull();
  });
});

describe('plugin resources exist only for tenants that enable the plugin', () => {
  it('answer 404 on a tenant without the plugin, before the key is even looked at', async () => {
    const key = await keyFor(portal, 'bare', ['customers:write']);
    const bare = api(portal, 'bare', key);
    for (const path of ['/api/v1/invoices', '/api/v1/payments', '/api/v1/movements', '/api/v1/meters', '/api/v1/readings']) {
      expect((await bare.get(path)).statusCode, path).toBe(404);
      expect((await api(portal, 'bare', null).get(path)).statusCode, path).toBe(404);
    }
    expect((await bare.get('/api/v1/customers')).statusCode).toBe(200);
  });

  it('and a key cannot be given their scopes there', async () => {
    await expect(keyForScopes('bare', ['invoices:read'])).rejects.toThrow(/no resource "invoices"/);
  });
});

async function keyForScopes(tenant: 'bare', scopes: string[]) {
  const { parseScopes } = await import('../../core/api/scopes.ts');
  const { problems } = parseScopes(scopes, portal.services.api.resources(portal.tenants.get('apibare')!).map((r) => r.name));
  if (problems.length) throw new Error(problems.join('; '));
  return keyFor(portal, tenant, scopes);
}
