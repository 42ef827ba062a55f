import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, seedCustomer } from 'portal/testing';
import { localDate } from 'portal/sdk';
import { invoiceStatus } from '../domain/status.ts';
import { invoiceType } from '../domain/invoice-types.ts';
import { DEMO_PERIODS } from '../demo/demo-plan.ts';
import { startInvoicesPortal } from '../testing/invoices-portal.ts';

let portal: TestPortal;
let accounts: { id: number; number: string; customerId: number | null; holderName: string }[];

const sql = <Row extends object = Record<string, unknown>>(q: string, params: unknown[] = []) => portal.db.orm.em.getConnection().execute<Row[]>(q, params);

async function runSeed() {
  const plugin = portal.plugins.find((p) => p.name === 'invoices')!;
  const tenant = portal.tenants.get('invon')!;
  await plugin.definition.demoSeed!({ tenant, em: portal.db.forTenant('invon'), accounts, portal: portal.services });
}

async function snapshot() {
  const tables = ['invoices', 'invoice_lines', 'invoice_payments', 'account_movements'];
  const out: Record<string, unknown> = {};
  for (const t of tables) out[t] = await sql(`SELECT count(*)::int AS n, max(id) AS last FROM ${t} WHERE tenant_id = 'invon'`);
  out.updated = await sql(`SELECT max(updated_at) AS at FROM invoices WHERE tenant_id = 'invon'`);
  return out;
}

beforeAll(async () => {
  portal = await startInvoicesPortal();
  accounts = [];
  for (const [i, number] of ['DEMO-1', 'DEMO-2', 'DEMO-3'].entries()) {
    const c = await seedCustomer(portal.db, { tenantId: 'invon', email: `demo${i}@example.test`, password: 'x'.repeat(16), accountNumber: number });
    accounts.push({ id: c.accountId, number, customerId: c.customerId, holderName: `Cliente ${number}` });
  }
  await sql(`UPDATE accounts SET document_type = 'CUIT', document_number = '30712345671' WHERE number = 'DEMO-3'`);
  await sql(`INSERT INTO account_services (tenant_id, account_id, kind, plan, status) VALUES ('invon', ?, 'internet', 'Fibra 300 Mb', 'active')`, [accounts[0].id]);
  await runSeed();
});
afterAll(async () => portal?.dispose());

describe('demo seed', () => {
  it('gives every demo account 12+ periods with a mix of statuses and collectors', async () => {
    const today = localDate(new Date(), 'America/Argentina/Buenos_Aires');
    for (const account of accounts) {
      const rows = await sql<{ period: string; type_code: number; cancelled: boolean; total: string; due_date: string; paid_amount: string; credited_amount: string; balance: string }>(
        `SELECT period, type_code, cancelled, total, due_date, paid_amount, credited_amount, total - paid_amount - credited_amount AS balance
         FROM invoices WHERE tenant_id = 'invon' AND account_id = ?`,
        [account.id],
      );
      expect(new Set(rows.map((r) => r.period)).size).toBeGreaterThanOrEqual(12);
      expect(new Set(rows.map((r) => r.period)).size).toBe(DEMO_PERIODS);
      const statuses = new Set(
        rows.map((r) => invoiceStatus({ kind: invoiceType(r.type_code).kind, cancelled: r.cancelled, balance: r.balance, paidAmount: r.paid_amount, creditedAmount: r.credited_amount, dueDate: r.due_date }, today)),
      );
      for (const s of ['paid', 'unpaid', 'cancelled']) expect(statuses, account.number).toContain(s);
      expect(statuses.has('overdue') || statuses.has('partial'), account.number).toBe(true);
      const collectors = await sql(`SELECT DISTINCT collector FROM invoice_payments WHERE account_id = ?`, [account.id]);
      expect(collectors.length).toBeGreaterThanOrEqual(4);
      const kinds = await sql<{ kind: string }>(`SELECT DISTINCT kind FROM account_movements WHERE account_id = ? ORDER BY kind`, [account.id]);
      expect(kinds.map((k) => k.kind)).toEqual(['adjustment', 'credit_note', 'invoice', 'payment']);
    }
    const letters = await sql<{ number: string; type_code: number }>(`SELECT DISTINCT a.number, i.type_code FROM invoices i JOIN accounts a ON a.id = i.account_id WHERE a.number = 'DEMO-3' ORDER BY 2`);
    expect(letters.map((r) => r.type_code)).toEqual([1, 3]);
    const [product] = await sql(`SELECT DISTINCT service_type, product FROM invoices WHERE account_id = ?`, [accounts[0].id]);
    expect(product).toEqual({ service_type: 'Internet', product: 'Fibra 300 Mb' });
  });

  it('is idempotent: a second run writes nothing', async () => {
    const before = await snapshot();
    await runSeed();
    expect(await snapshot()).toEqual(before);
    expect(await sql(`SELECT count(*)::int AS n FROM mail_outbox WHERE tenant_id = 'invon'`)).toEqual([{ n: 0 }]);
  });
});
