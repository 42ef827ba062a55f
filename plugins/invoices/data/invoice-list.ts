import type { Sql } from './sql.ts';

/**
 * The invoice list of one account: every document of its latest `periods` billing periods,
 * newest first, each with its latest payment (when, how, where). Exported so the benchmark's
 * raw page runs exactly this query.
 */
export const INVOICE_LIST_SQL = `
SELECT i.id, i.type_code, i.point_of_sale, i.number, i.issue_date, i.period, i.due_date,
       i.second_due_date, i.second_due_total, i.total, i.paid_amount, i.credited_amount, i.cancelled,
       p.paid_on, p.method, p.collector
FROM invoices i
LEFT JOIN LATERAL (
  SELECT ip.paid_on, ip.method, ip.collector FROM invoice_payments ip
  WHERE ip.invoice_id = i.id ORDER BY ip.paid_on DESC, ip.id DESC LIMIT 1
) p ON true
WHERE i.tenant_id = ? AND i.account_id = ?
  AND i.period IN (SELECT DISTINCT period FROM invoices WHERE tenant_id = ? AND account_id = ? ORDER BY period DESC LIMIT ?)
ORDER BY i.period DESC, i.issue_date DESC, i.id DESC`;

export interface InvoiceListRow {
  id: number;
  type_code: number;
  point_of_sale: number;
  number: number;
  issue_date: string;
  period: string;
  due_date: string;
  second_due_date: string | null;
  second_due_total: string | null;
  total: string;
  paid_amount: string;
  credited_amount: string;
  cancelled: boolean;
  paid_on: string | null;
  method: string | null;
  collector: string | null;
}

export function invoiceListParams(tenantId: string, accountId: number, periods: number): unknown[] {
  return [tenantId, accountId, tenantId, accountId, periods];
}

export async function listInvoices(sql: Sql, tenantId: string, accountId: number, periods: number): Promise<InvoiceListRow[]> {
  return (await sql(INVOICE_LIST_SQL, invoiceListParams(tenantId, accountId, periods))) as InvoiceListRow[];
}
