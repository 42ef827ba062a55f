import type { Sql } from './sql.ts';

export type Order = 'asc' | 'desc';

export interface StatementFilter {
  /** Inclusive calendar days; null means open-ended. */
  from: string | null;
  to: string | null;
  order: Order;
}

export interface MovementRow {
  id: number;
  kind: string;
  movement_date: string;
  description: string | null;
  amount: string;
  /** Running balance after this movement, counted in date order over the whole account. */
  balance: string;
  invoice_id: number | null;
  type_code: number | null;
  point_of_sale: number | null;
  number: number | null;
  cancelled: boolean | null;
  method: string | null;
  collector: string | null;
}

const FIRST_DAY = '0001-01-01';
const LAST_DAY = '9999-12-31';

/**
 * Only the lines shown are read whole. The balance after each is what came before the oldest of
 * them (a sum the balance index answers alone, amounts being in it, however long the account's
 * history) plus the running sum over the lines themselves, so a page or a filtered range still
 * shows the true balance after each line. The carried sum is MATERIALIZED: left to the planner,
 * it was put inside the join and summed again for every line. Direction is picked from two
 * fixed texts, never spliced from input.
 */
function statementSql(order: Order, paged: boolean): string {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  return `
WITH f AS (
  SELECT id, kind, movement_date, description, amount, invoice_id, payment_id
  FROM account_movements
  WHERE tenant_id = ? AND account_id = ? AND movement_date BETWEEN ? AND ?
  ORDER BY movement_date ${dir}, id ${dir}${paged ? ' LIMIT ? OFFSET ?' : ''}
), oldest AS (
  SELECT movement_date, id FROM f ORDER BY movement_date, id LIMIT 1
), before AS MATERIALIZED (
  SELECT COALESCE(sum(m.amount), 0) AS amount
  FROM oldest o
  JOIN account_movements m ON m.tenant_id = ? AND m.account_id = ? AND m.movement_date <= o.movement_date
   AND (m.movement_date < o.movement_date OR m.id < o.id)
)
SELECT f.id, f.kind, f.movement_date, f.description, f.amount,
       before.amount + SUM(f.amount) OVER (ORDER BY f.movement_date, f.id) AS balance, f.invoice_id,
       i.type_code, i.point_of_sale, i.number, i.cancelled, p.method, p.collector
FROM f
CROSS JOIN before
LEFT JOIN invoices i ON i.id = f.invoice_id
LEFT JOIN invoice_payments p ON p.id = f.payment_id
ORDER BY f.movement_date ${dir}, f.id ${dir}`;
}

export interface StatementSummary {
  /** Movements inside the filter. */
  count: number;
  /** What the account owes today (negative: in the customer's favour). */
  balance: string;
}

export async function statementSummary(sql: Sql, tenantId: string, accountId: number, filter: StatementFilter): Promise<StatementSummary> {
  // count(*) is a bigint and the sum numeric: both come back as strings.
  const [row] = await sql<{ count: string; balance: string }>(
    `SELECT count(*) FILTER (WHERE movement_date BETWEEN ? AND ?) AS count, COALESCE(sum(amount), 0) AS balance
     FROM account_movements WHERE tenant_id = ? AND account_id = ?`,
    [filter.from ?? FIRST_DAY, filter.to ?? LAST_DAY, tenantId, accountId],
  );
  return { count: Number(row.count), balance: String(row.balance) };
}

export async function statementPage(sql: Sql, tenantId: string, accountId: number, filter: StatementFilter, page: number, pageSize: number): Promise<MovementRow[]> {
  return sql<MovementRow>(statementSql(filter.order, true), [
    tenantId, accountId, filter.from ?? FIRST_DAY, filter.to ?? LAST_DAY, pageSize, (page - 1) * pageSize, tenantId, accountId,
  ]);
}

/** Every movement of the range, for the downloads. */
export async function statementRows(sql: Sql, tenantId: string, accountId: number, filter: StatementFilter): Promise<MovementRow[]> {
  return sql<MovementRow>(statementSql(filter.order, false), [tenantId, accountId, filter.from ?? FIRST_DAY, filter.to ?? LAST_DAY, tenantId, accountId]);
}
