import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/test-portal.ts';
import { api, keyFor, sql, startApiPortal, TENANT_IDS } from './support/api-portal.ts';

let portal: TestPortal;
const keys = {} as Record<'one' | 'two', string>;
const heard: { event: string; tenant: string; externalId: unknown }[] = [];

beforeAll(async () => {
  portal = await startApiPortal();
  for (const event of ['invoice.created', 'invoice.updated']) {
    portal.services.events.on(event, 'invoices', (payload, ctx) => void heard.push({ event, tenant: ctx.tenant.id, externalId: payload.externalId }));
  }
  for (const tenant of ['one', 'two'] as const) {
    keys[tenant] = await keyFor(portal, tenant, ['accounts:write', 'invoices:write']);
    for (const n of ['BA-1', 'BA-2']) {
      const res = await api(portal, tenant, keys[tenant]).put(`/api/v1/accounts/${n}`, { holderName: `Titular ${n}`, documentType: 'DNI', documentNumber: '30123456' });
      expect(res.statusCode, res.body).toBe(201);
    }
  }
});
afterAll(async () => portal?.dispose());

/** A plain invoice; `n` picks its fiscal number, so two invoices never collide unless a test wants them to. */
const invoice = (externalId: string, n: number, extra: Record<string, unknown> = {}) => ({
  externalId, accountNumber: 'BA-1', typeCode: 6, number: `00011-${String(n).padStart(8, '0')}`, issueDate: '2025-04-10', period: '2025-04', dueDate: '2025-04-20',
  netAmount: '1000.00', vatAmount: '210.00', total: '1210.00',
  lines: [{ description: 'Abono', unitPrice: '1000.00', amount: '1000.00', vatRate: '21.00' }, { description: 'Cargo', unitPrice: '0.00', amount: '0.00' }],
  ...extra,
});
const withoutId = ({ externalId, ...rest }: Record<string, unknown>) => rest;
const batch = (tenant: 'one' | 'two', invoices: unknown[]) => api(portal, tenant, keys[tenant]).post('/api/v1/invoices:batch', { invoices });
const put = (tenant: 'one' | 'two', item: Record<string, unknown>) => api(portal, tenant, keys[tenant]).put(`/api/v1/invoices/${item.externalId}`, withoutId(item));

/** What a tenant holds for the ids starting with `prefix`, without the columns that differ between tenants or runs (the content hash covers the account id). */
async function state(tenant: 'one' | 'two', prefix: string) {
  const t = TENANT_IDS[tenant];
  const invoices = await sql(
    portal,
    `SELECT i.external_id, to_jsonb(i) - 'id' - 'tenant_id' - 'account_id' - 'content_hash' - 'related_invoice_id' - 'created_at' - 'updated_at' AS row, a.number AS account, r.external_id AS related
     FROM invoices i JOIN accounts a ON a.id = i.account_id LEFT JOIN invoices r ON r.id = i.related_invoice_id
     WHERE i.tenant_id = ? AND i.external_id LIKE ? ORDER BY i.external_id`,
    [t, `${prefix}%`],
  );
  const lines = await sql(
    portal,
    `SELECT i.external_id, l.line_no, l.description, l.quantity::text, l.unit_price::text, l.vat_rate::text, l.amount::text
     FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.tenant_id = ? AND i.external_id LIKE ? ORDER BY 1, 2`,
    [t, `${prefix}%`],
  );
  const movements = await sql(
    portal,
    `SELECT i.external_id, m.kind, m.movement_date::text, m.amount::text FROM account_movements m JOIN invoices i ON i.id = m.invoice_id
     WHERE m.tenant_id = ? AND i.external_id LIKE ? ORDER BY 1`,
    [t, `${prefix}%`],
  );
  return { invoices, lines, movements };
}

describe('POST /api/v1/invoices:batch', () => {
  it('answers each item in order: created, updated, unchanged, or the error PUT gives, and one bad item keeps none of the others out', async () => {
    expect((await put('one', invoice('MX-SAME', 1))).statusCode).toBe(201);
    expect((await put('one', invoice('MX-CHANGED', 2))).statusCode).toBe(201);
    expect((await put('one', invoice('MX-TAKEN', 3))).statusCode).toBe(201);
    heard.length = 0;

    const items = [
      invoice('MX-NEW-1', 10),
      invoice('MX-SAME', 1),
      invoice('MX-CHANGED', 2, { total: '1300.00', vatAmount: '300.00' }),
      { ...invoice('MX-NO-TOTAL', 11), total: undefined },
      invoice('MX-NO-ACCOUNT', 12, { accountNumber: 'NOPE' }),
      invoice('MX-DUP-NUMBER', 3),
      invoice('MX-NEW-2', 13, { accountNumber: 'BA-2', lines: [] }),
      invoice('MX-NEW-1', 14),
    ];
    const res = await batch('one', items);
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results;
    expect(results.map((r: any) => [r.key, r.status, r.statusCode])).toEqual([
      ['MX-NEW-1', 'created', undefined],
      ['MX-SAME', 'unchanged', undefined],
      ['MX-CHANGED', 'updated', undefined],
      ['MX-NO-TOTAL', 'error', 400],
      ['MX-NO-ACCOUNT', 'error', 422],
      ['MX-DUP-NUMBER', 'error', 422],
      ['MX-NEW-2', 'created', undefined],
      ['MX-NEW-1', 'error', 422],
    ]);
    expect(results[7].message).toBe('externalId: "MX-NEW-1" was already sent in this batch as item 0');

    // The same refusals, word for word, as PUT gives them (the items were not stored, so PUT refuses them too).
    for (const i of [3, 4, 5]) {
      const single = await put('one', JSON.parse(JSON.stringify(items[i])));
      expect(single.statusCode).toBe(results[i].statusCode);
      expect(results[i].message).toBe(single.json().message);
      expect(results[i].problems).toEqual(single.json().problems);
    }
    expect(results[3].problems).toEqual([{ field: 'total', in: 'body', message: 'is required' }]);

    const rows = await sql(portal, `SELECT external_id, total::text, (SELECT count(*)::int FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines FROM invoices i WHERE tenant_id = 'apione' AND external_id LIKE 'MX-%' ORDER BY 1`);
    expect(rows).toEqual([
      { external_id: 'MX-CHANGED', total: '1300.00', lines: 2 },
      { external_id: 'MX-NEW-1', total: '1210.00', lines: 2 },
      { external_id: 'MX-NEW-2', total: '1210.00', lines: 0 },
      { external_id: 'MX-SAME', total: '1210.00', lines: 2 },
      { external_id: 'MX-TAKEN', total: '1210.00', lines: 2 },
    ]);
    const movements = await sql(portal, `SELECT i.external_id, m.amount::text FROM account_movements m JOIN invoices i ON i.id = m.invoice_id WHERE m.tenant_id = 'apione' AND i.external_id IN ('MX-NEW-1', 'MX-NEW-2', 'MX-CHANGED') ORDER BY 1`);
    expect(movements).toEqual([
      { external_id: 'MX-CHANGED', amount: '1300.00' },
      { external_id: 'MX-NEW-1', amount: '1210.00' },
      { external_id: 'MX-NEW-2', amount: '1210.00' },
    ]);
    // The events PUT emits, once per item that changed something.
    expect(heard.filter((h) => h.tenant === 'apione').map((h) => `${h.event} ${h.externalId}`).sort()).toEqual([
      'invoice.created MX-NEW-1',
      'invoice.created MX-NEW-2',
      'invoice.updated MX-CHANGED',
    ]);
  });

  it('leaves the same rows as the equivalent PUTs, one after the other', async () => {
    const rounds = [
      [invoice('EQ-1', 21), invoice('EQ-2', 22, { accountNumber: 'BA-2', recipient: { name: 'Otra Razón Social' } }), invoice('EQ-3', 23, { cancelled: true })],
      [
        invoice('EQ-1', 21, { total: '1452.00', vatAmount: '452.00', lines: [{ description: 'Otro', quantity: '2', unitPrice: '500.00', amount: '1000.00', vatRate: '21.00' }] }),
        invoice('EQ-2', 22, { accountNumber: 'BA-2', recipient: { name: 'Otra Razón Social' } }),
        invoice('EQ-NC', 24, { typeCode: 8, relatedInvoiceExternalId: 'EQ-1', total: '121.00', netAmount: '100.00', vatAmount: '21.00', lines: [] }),
        invoice('EQ-4', 25),
      ],
    ];
    for (const round of rounds) {
      const res = await batch('one', round);
      expect(res.json().results.every((r: any) => r.status !== 'error'), res.body).toBe(true);
      for (const item of round) expect((await put('two', item)).statusCode).toBeLessThan(300);
    }
    const viaBatch = await state('one', 'EQ-');
    const viaPut = await state('two', 'EQ-');
    expect(viaBatch.invoices).toHaveLength(5);
    expect(viaBatch.lines.length).toBeGreaterThan(3);
    expect(viaBatch).toEqual(viaPut);
    expect(viaBatch.invoices.find((i: any) => i.external_id === 'EQ-1').row.credited_amount).toBe(121);
    // The same fingerprint as PUT's: sending the batch's last round by PUT changes nothing.
    for (const item of rounds[1]) expect((await put('one', item)).json()).toMatchObject({ created: false, changed: false });
  });

  it('a credit note finds the invoice it points to wherever that invoice sits in the batch', async () => {
    const res = await batch('one', [
      invoice('ORD-NC', 51, { typeCode: 8, relatedInvoiceExternalId: 'ORD-1', total: '210.00', netAmount: '173.55', vatAmount: '36.45', lines: [] }),
      invoice('ORD-1', 52),
    ]);
    expect(res.json().results.map((r: any) => r.status)).toEqual(['created', 'created']);
    const [row] = await sql(portal, `SELECT credited_amount::text, total - paid_amount - credited_amount AS balance FROM invoices WHERE tenant_id = 'apione' AND external_id = 'ORD-1'`);
    expect(row.credited_amount).toBe('210.00');
    expect(String(row.balance)).toBe('1000.00');
  });

  it('refuses more than 1,000 items with 413 and a malformed body with 400, naming the reason', async () => {
    const tooMany = await batch('one', Array.from({ length: 1001 }, (_, i) => invoice(`TM-${i}`, 100_000 + i)));
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().message).toBe('at most 1000 invoices per batch; this one has 1001');
    const c = api(portal, 'one', keys.one);
    const notArray = await c.post('/api/v1/invoices:batch', { invoices: { externalId: 'X' } });
    expect(notArray.statusCode).toBe(400);
    expect(notArray.json().message).toBe('invoices must be array');
    const missing = await c.post('/api/v1/invoices:batch', { items: [] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().problems.map((p: any) => p.field).sort()).toEqual(['invoices', 'items']);
    const empty = await c.post('/api/v1/invoices:batch', { invoices: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toMatch(/^invoices must NOT have fewer than 1 items/);
    const notJson = await portal.app.inject({
      method: 'POST', url: '/api/v1/invoices:batch', payload: '{"invoices": [',
      headers: { host: 'portal.apione.test', authorization: `Bearer ${keys.one}`, 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
    expect(await sql(portal, `SELECT 1 FROM invoices WHERE external_id LIKE 'TM-%'`)).toEqual([]);
  });

  it('needs invoices:write like PUT, and touches only the tenant of the key and host', async () => {
    const readOnly = await keyFor(portal, 'one', ['invoices:read']);
    const refused = await api(portal, 'one', readOnly).post('/api/v1/invoices:batch', { invoices: [invoice('ISO-1', 31)] });
    expect(refused.statusCode).toBe(403);
    // Another tenant's key on this tenant's host is unknown here.
    const foreign = await api(portal, 'one', keys.two).post('/api/v1/invoices:batch', { invoices: [invoice('ISO-1', 31)] });
    expect(foreign.statusCode).toBe(401);
    const bare = await api(portal, 'bare', keys.one).post('/api/v1/invoices:batch', { invoices: [invoice('ISO-1', 31)] });
    expect(bare.statusCode).toBe(404);

    expect((await batch('one', [invoice('ISO-1', 31)])).json().results[0].status).toBe('created');
    // The same ids in tenant two are new there, and tenant one's row stays as it was.
    const two = await batch('two', [invoice('ISO-1', 31, { total: '999.00', netAmount: '999.00', vatAmount: '0.00' }), invoice('ISO-2', 32)]);
    expect(two.json().results.map((r: any) => r.status)).toEqual(['created', 'created']);
    const rows = await sql(portal, `SELECT tenant_id, external_id, total::text FROM invoices WHERE external_id LIKE 'ISO-%' ORDER BY 1, 2`);
    expect(rows).toEqual([
      { tenant_id: 'apione', external_id: 'ISO-1', total: '1210.00' },
      { tenant_id: 'apitwo', external_id: 'ISO-1', total: '999.00' },
      { tenant_id: 'apitwo', external_id: 'ISO-2', total: '1210.00' },
    ]);
  });

  it('emails each new invoice of an account on electronic delivery, as PUT does, and no other', async () => {
    const c = api(portal, 'one', keys.one);
    expect((await c.put('/api/v1/accounts/BA-MAIL', { holderName: 'Titular Mail', documentType: 'DNI', documentNumber: '30123457', email: 'mail@example.test' })).statusCode).toBe(201);
    await sql(portal, `INSERT INTO invoice_delivery (account_id, tenant_id, channel) SELECT id, tenant_id, 'email' FROM accounts WHERE tenant_id = 'apione' AND number = 'BA-MAIL'`);
    const res = await batch('one', [
      invoice('ML-1', 41, { accountNumber: 'BA-MAIL' }),
      invoice('ML-2', 42),
      invoice('ML-3', 43, { accountNumber: 'BA-MAIL', cancelled: true }),
      invoice('ML-4', 44, { accountNumber: 'BA-MAIL' }),
    ]);
    expect(res.json().results.map((r: any) => r.status)).toEqual(['created', 'created', 'created', 'created']);
    const mails = await sql(portal, `SELECT subject FROM mail_outbox WHERE tenant_id = 'apione' AND to_address = 'mail@example.test' ORDER BY id`);
    expect(mails).toHaveLength(2);
    expect(mails.map((m: any) => m.subject).join(' ')).toMatch(/00011-00000041.*00011-00000044/);
  });

  it('two identical batches at the same time create each invoice once', async () => {
    const items = Array.from({ length: 200 }, (_, i) => invoice(`PAR-${String(i).padStart(3, '0')}`, 200_000 + i));
    const [a, b] = await Promise.all([batch('one', items), batch('one', items)]);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    for (let i = 0; i < items.length; i++) {
      expect([a.json().results[i].status, b.json().results[i].status].sort()).toEqual(['created', 'unchanged']);
    }
    const [{ n, lines, movements }] = await sql(
      portal,
      `SELECT count(*)::int AS n, (SELECT count(*)::int FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.tenant_id = 'apione' AND i.external_id LIKE 'PAR-%') AS lines,
              (SELECT count(*)::int FROM account_movements m JOIN invoices i ON i.id = m.invoice_id WHERE i.tenant_id = 'apione' AND i.external_id LIKE 'PAR-%') AS movements
       FROM invoices WHERE tenant_id = 'apione' AND external_id LIKE 'PAR-%'`,
    );
    expect({ n, lines, movements }).toEqual({ n: 200, lines: 400, movements: 200 });
  });
});
