import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/test-portal.ts';
import { InvoicePuts } from '../../plugins/invoices/provider-api/invoice-puts.ts';
import type { InvoiceInput } from '../../plugins/invoices/data/input-schemas.ts';
import { api, keyFor, sql, startApiPortal, TENANT_IDS } from './support/api-portal.ts';

let portal: TestPortal;
const keys = {} as Record<'one' | 'two', string>;
const created: string[] = [];

beforeAll(async () => {
  portal = await startApiPortal();
  portal.services.events.on('invoice.created', 'invoices', (payload, ctx) => void created.push(`${ctx.tenant.id}/${payload.externalId}`));
  for (const tenant of ['one', 'two'] as const) {
    keys[tenant] = await keyFor(portal, tenant, ['accounts:write', 'invoices:write']);
    for (const n of ['CP-1', 'CP-2']) {
      const res = await api(portal, tenant, keys[tenant]).put(`/api/v1/accounts/${n}`, { holderName: `Titular ${n}`, documentType: 'DNI', documentNumber: '30123456' });
      expect(res.statusCode, res.body).toBe(201);
    }
  }
});
afterAll(async () => portal?.dispose());

/** A plain invoice; `n` picks its fiscal number, so two never collide unless a test wants them to. */
const invoice = (externalId: string, n: number, extra: Record<string, unknown> = {}): InvoiceInput => ({
  externalId, accountNumber: 'CP-1', typeCode: 6, number: `00012-${String(n).padStart(8, '0')}`, issueDate: '2025-05-10', period: '2025-05', dueDate: '2025-05-20',
  netAmount: '1000.00', vatAmount: '210.00', total: '1210.00',
  lines: [{ description: 'Abono', unitPrice: '1000.00', amount: '1000.00', vatRate: '21.00' }],
  ...extra,
}) as InvoiceInput;
/** The same invoice with its total (and so its movement) changed to `total`, its VAT making up the difference. */
const totalled = (item: InvoiceInput, total: string) => ({ ...item, total, vatAmount: (Number(total) - 1000).toFixed(2) });
type Sent = Omit<InvoiceInput, 'total'> & { total?: InvoiceInput['total'] };
const put = (tenant: 'one' | 'two', item: Sent) => {
  const { externalId, ...body } = item;
  return api(portal, tenant, keys[tenant]).put(`/api/v1/invoices/${externalId}`, body);
};

async function stored(tenant: 'one' | 'two', prefix: string) {
  return sql<{ external_id: string; account: string; total: string; movement: string; lines: number }>(
    portal,
    `SELECT i.external_id, a.number AS account, i.total::text, m.amount::text AS movement,
            (SELECT count(*)::int FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines
     FROM invoices i JOIN accounts a ON a.id = i.account_id LEFT JOIN account_movements m ON m.invoice_id = i.id
     WHERE i.tenant_id = ? AND i.external_id LIKE ? ORDER BY i.external_id`,
    [TENANT_IDS[tenant], `${prefix}%`],
  );
}

describe('concurrent PUT /api/v1/invoices/{externalId}', () => {
  it('50 calls at once, some bad and some of one invoice: each gets its own answer and the rows are what they said', async () => {
    expect((await put('one', invoice('GP-TAKEN', 900))).statusCode).toBe(201);
    created.length = 0;
    const fresh = Array.from({ length: 30 }, (_, i) => invoice(`GP-NEW-${String(i).padStart(2, '0')}`, i + 1));
    const noAccount = Array.from({ length: 5 }, (_, i) => invoice(`GP-NOACC-${i}`, 100 + i, { accountNumber: 'NOPE' }));
    const noTotal = Array.from({ length: 5 }, (_, i) => ({ ...invoice(`GP-NOTOTAL-${i}`, 200 + i), total: undefined }));
    const numberTaken = [invoice('GP-TAKEN-2', 900), invoice('GP-TAKEN-3', 900)];
    const dup = invoice('GP-DUP', 300);
    const dups = ['1210.00', '1300.00', '1400.00', '1500.00', '1600.00', '1700.00', '1800.00', '1210.00'].map((t) => totalled(dup, t));
    // Interleaved, so the bad calls and the same-invoice calls land among the good ones.
    const calls: { kind: string; item: Sent }[] = [];
    const lists: Record<string, Sent[]> = { fresh, noAccount, noTotal, numberTaken, dups };
    for (let i = 0; calls.length < 50; i++) {
      for (const [kind, list] of Object.entries(lists)) if (list[i]) calls.push({ kind, item: list[i] });
    }
    const answers = await Promise.all(calls.map((c) => put('one', c.item)));

    const byKind = (kind: string) => answers.filter((_, i) => calls[i].kind === kind);
    for (const res of byKind('fresh')) {
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ created: true, changed: true });
    }
    for (const res of byKind('noAccount')) {
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().message).toMatch(/no account "NOPE"/);
    }
    for (const res of byKind('noTotal')) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().problems.map((p: { field: string }) => p.field)).toEqual(['total']);
    }
    for (const res of byKind('numberTaken')) {
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().message).toMatch(/was already loaded under another id/);
    }
    // Each key answers for itself: the path's id, never another call's.
    answers.forEach((res, i) => res.statusCode < 300 && expect(res.json().key).toBe(calls[i].item.externalId));
    const dupCodes = byKind('dups').map((r) => r.statusCode).sort();
    expect(dupCodes).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);

    const rows = await stored('one', 'GP-');
    expect(rows.map((r) => r.external_id)).toEqual(['GP-DUP', ...fresh.map((f) => f.externalId), 'GP-TAKEN']);
    for (const r of rows.filter((r) => r.external_id.startsWith('GP-NEW'))) expect(r).toMatchObject({ account: 'CP-1', total: '1210.00', movement: '1210.00', lines: 1 });
    // One of the versions sent, whole: its movement follows its total, its line is there once.
    const dupRow = rows.find((r) => r.external_id === 'GP-DUP')!;
    expect(dups.map((d) => d.total)).toContain(dupRow.total);
    expect(dupRow).toMatchObject({ movement: dupRow.total, lines: 1 });
    expect(created.sort()).toEqual([...fresh.map((f) => `apione/${f.externalId}`), 'apione/GP-DUP'].sort());
    // Calls that arrived while a write was out shared its commit (rows of one transaction share xmin).
    const [{ commits }] = await sql(portal, `SELECT count(DISTINCT xmin::text)::int AS commits FROM invoices WHERE tenant_id = ? AND external_id LIKE 'GP-NEW-%'`, [TENANT_IDS.one]);
    expect(commits).toBeLessThan(30);
  });

  it("two tenants' calls at once stay each in its own tenant, under the same ids", async () => {
    const items = Array.from({ length: 10 }, (_, i) => invoice(`GT-${i}`, 400 + i, { accountNumber: i % 2 ? 'CP-2' : 'CP-1' }));
    const answers = await Promise.all([...items.map((it) => put('one', it)), ...items.map((it) => put('two', totalled(it, '2000.00')))]);
    expect(answers.map((a) => a.statusCode)).toEqual(new Array(20).fill(201));
    const one = await stored('one', 'GT-');
    const two = await stored('two', 'GT-');
    expect(one.map((r) => [r.external_id, r.account, r.total])).toEqual(items.map((it, i) => [it.externalId, i % 2 ? 'CP-2' : 'CP-1', '1210.00']));
    expect(two.map((r) => [r.external_id, r.account, r.total])).toEqual(items.map((it, i) => [it.externalId, i % 2 ? 'CP-2' : 'CP-1', '2000.00']));
  });

  it('the same invoice sent again unchanged is answered without writing to its row, not even a lock', async () => {
    const item = invoice('GU-1', 700);
    expect((await put('one', item)).statusCode).toBe(201);
    const before = await sql(portal, `SELECT xmin::text, xmax::text FROM invoices WHERE tenant_id = ? AND external_id = 'GU-1'`, [TENANT_IDS.one]);
    const again = await Promise.all([put('one', item), put('one', item), put('one', item)]);
    expect(again.map((a) => [a.statusCode, a.json().changed])).toEqual([[200, false], [200, false], [200, false]]);
    // A row lock would have left the locking transaction's id in xmax.
    expect(await sql(portal, `SELECT xmin::text, xmax::text FROM invoices WHERE tenant_id = ? AND external_id = 'GU-1'`, [TENANT_IDS.one])).toEqual(before);
  });
});

describe('InvoicePuts, the grouping behind PUT', () => {
  const deps = (tenant: 'one' | 'two') => ({ em: portal.db.forTenant(TENANT_IDS[tenant]), tenant: portal.tenants.get(TENANT_IDS[tenant])!, portal: portal.services });

  it('the same invoice sent several times at once ends as the last one sent, each call told what it did', async () => {
    const puts = new InvoicePuts();
    const first = invoice('GL-1', 500);
    const pdf = { filename: 'GL-1.pdf', content: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64') };
    const sent = [first, totalled(first, '1300.00'), invoice('GL-2', 501), totalled(first, '1300.00'), { ...totalled(first, '1400.00'), originalPdf: pdf }, totalled(first, '1500.00')];
    const outcomes = await Promise.all(sent.map((item) => puts.put(deps('one'), item, portal.app.log)));
    expect(outcomes.map(({ created, changed }) => ({ created, changed }))).toEqual([
      { created: true, changed: true },
      { created: false, changed: true },
      { created: true, changed: true },
      { created: false, changed: false },
      { created: false, changed: true },
      { created: false, changed: true },
    ]);
    expect((await stored('one', 'GL-')).map((r) => [r.external_id, r.total, r.movement])).toEqual([['GL-1', '1500.00', '1500.00'], ['GL-2', '1210.00', '1210.00']]);
    // The PDF call was written in its turn, before the last one (which keeps the file: it sent none to replace it).
    expect(await sql(portal, `SELECT f.filename FROM invoice_files f JOIN invoices i ON i.id = f.invoice_id WHERE i.tenant_id = ? AND i.external_id = 'GL-1'`, [TENANT_IDS.one])).toEqual([{ filename: 'GL-1.pdf' }]);
  });

  it('identical calls at once share one write; one sent again after another version is written again', async () => {
    const puts = new InvoicePuts();
    const v1 = invoice('GS-1', 800);
    const v2 = totalled(v1, '1300.00');
    const outcomes = await Promise.all([v1, v1, v1, v2, v1, v1].map((item) => puts.put(deps('one'), item, portal.app.log)));
    expect(outcomes.map(({ created, changed }) => [created, changed])).toEqual([[true, true], [false, false], [false, false], [false, true], [false, true], [false, false]]);
    expect((await stored('one', 'GS-')).map((r) => [r.external_id, r.total, r.movement])).toEqual([['GS-1', '1210.00', '1210.00']]);
  });

  it('a group the database refuses is written call by call: the one bad call fails alone', async () => {
    // A refusal the checks before the write cannot see, as a constraint added later or a deadlock would be.
    await sql(
      portal,
      `CREATE FUNCTION refuse_gb_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
         IF NEW.external_id = 'GB-BOOM' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`,
    );
    await sql(portal, `CREATE TRIGGER refuse_gb_boom BEFORE INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION refuse_gb_boom()`);
    try {
      const puts = new InvoicePuts();
      // The first goes alone (nothing was in flight); the other four arrive meanwhile and share a write.
      const items = [invoice('GB-0', 600), invoice('GB-1', 601), invoice('GB-BOOM', 602), invoice('GB-2', 603), invoice('GB-3', 604)];
      const settled = await Promise.allSettled(items.map((item) => puts.put(deps('one'), item, portal.app.log)));
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(String((settled[2] as PromiseRejectedResult).reason)).toMatch(/refused by the test/);
      expect((await stored('one', 'GB-')).map((r) => r.external_id)).toEqual(['GB-0', 'GB-1', 'GB-2', 'GB-3']);
    } finally {
      await sql(portal, `DROP TRIGGER refuse_gb_boom ON invoices`);
    }
  });
});
