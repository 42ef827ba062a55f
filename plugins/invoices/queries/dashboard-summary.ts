import { codesOfKind } from '../domain/invoice-types.ts';
import type { Sql } from '../service/sql.ts';

export interface DashboardSummary {
  balance: string;
  nextDue: { date: string; amount: string } | null;
  last: { id: number; typeCode: number; pointOfSale: number; number: number; issueDate: string; total: string } | null;
}

const CREDIT_NOTES = codesOfKind('credit_note');

/** Balance of all the customer's accounts, the earliest unpaid due date, and the newest invoice. */
export async function dashboardSummary(sql: Sql, tenantId: string, accountIds: number[]): Promise<DashboardSummary | null> {
  if (!accountIds.length) return null;
  const [[balance], [due], [last]] = await Promise.all([
    sql(`SELECT COALESCE(sum(amount), 0) AS balance, count(*) AS n FROM account_movements WHERE tenant_id = ? AND account_id IN (?)`, [tenantId, accountIds]),
    sql(
      `SELECT due_date, total - paid_amount - credited_amount AS amount FROM invoices
       WHERE tenant_id = ? AND account_id IN (?) AND NOT cancelled AND type_code NOT IN (?)
         AND total - paid_amount - credited_amount > 0
       ORDER BY due_date, id LIMIT 1`,
      [tenantId, accountIds, CREDIT_NOTES],
    ),
    sql(
      `SELECT id, type_code, point_of_sale, number, issue_date, total FROM invoices
       WHERE tenant_id = ? AND account_id IN (?) AND type_code NOT IN (?) AND NOT cancelled
       ORDER BY issue_date DESC, id DESC LIMIT 1`,
      [tenantId, accountIds, CREDIT_NOTES],
    ),
  ]);
  if (Number(balance.n) === 0 && !last) return null;
  return {
    balance: String(balance.balance),
    nextDue: due ? { date: due.due_date, amount: String(due.amount) } : null,
    last: last
      ? { id: last.id, typeCode: last.type_code, pointOfSale: last.point_of_sale, number: last.number, issueDate: last.issue_date, total: last.total }
      : null,
  };
}
