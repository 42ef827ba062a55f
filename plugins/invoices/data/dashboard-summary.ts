import { codesOfKind } from '../domain/invoice-types.ts';
import type { Sql } from './sql.ts';

export interface DashboardSummary {
  balance: string;
  nextDue: { date: string; amount: string } | null;
  last: { id: number; typeCode: number; pointOfSale: number; number: number; issueDate: string; total: string } | null;
}

const CREDIT_NOTES = codesOfKind('credit_note');

/** numeric sums and count(*) (bigint) come back as strings; no unpaid or no invoice leaves its columns null. */
type SummaryRow = { balance: string; n: string; due_date: string | null; amount: string | null } & (LastInvoice | { [K in keyof LastInvoice]: null });
interface LastInvoice {
  id: number;
  type_code: number;
  point_of_sale: number;
  number: number;
  issue_date: string;
  total: string;
}

/**
 * Balance of all the customer's accounts, the earliest unpaid due date, and the newest invoice,
 * in one round trip: the dashboard runs it on every visit.
 */
export async function dashboardSummary(sql: Sql, tenantId: string, accountIds: number[]): Promise<DashboardSummary | null> {
  if (!accountIds.length) return null;
  const [row] = await sql<SummaryRow>(
    `SELECT b.balance, b.n, d.due_date, d.amount, l.id, l.type_code, l.point_of_sale, l.number, l.issue_date, l.total
     FROM (SELECT COALESCE(sum(amount), 0) AS balance, count(*) AS n FROM account_movements WHERE tenant_id = ? AND account_id IN (?)) b
     LEFT JOIN LATERAL (
       SELECT due_date, total - paid_amount - credited_amount AS amount FROM invoices
       WHERE tenant_id = ? AND account_id IN (?) AND NOT cancelled AND type_code NOT IN (?)
         AND total - paid_amount - credited_amount > 0
       ORDER BY due_date, id LIMIT 1
     ) d ON true
     LEFT JOIN LATERAL (
       SELECT id, type_code, point_of_sale, number, issue_date, total FROM invoices
       WHERE tenant_id = ? AND account_id IN (?) AND type_code NOT IN (?) AND NOT cancelled
       ORDER BY issue_date DESC, id DESC LIMIT 1
     ) l ON true`,
    [tenantId, accountIds, tenantId, accountIds, CREDIT_NOTES, tenantId, accountIds, CREDIT_NOTES],
  );
  if (Number(row.n) === 0 && row.id === null) return null;
  return {
    balance: String(row.balance),
    nextDue: row.due_date !== null ? { date: row.due_date, amount: String(row.amount) } : null,
    last:
      row.id !== null
        ? { id: row.id, typeCode: row.type_code, pointOfSale: row.point_of_sale, number: row.number, issueDate: row.issue_date, total: row.total }
        : null,
  };
}
