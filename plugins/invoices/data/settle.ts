import { toCents } from '../domain/money.ts';
import { codesOfKind } from '../domain/invoice-types.ts';
import type { Sql } from './sql.ts';

export interface Settlement {
  invoiceId: number;
  balanceBefore: number;
  balanceAfter: number;
}

const CREDIT_NOTE_CODES = codesOfKind('credit_note');

/**
 * Recomputes what has been paid and credited on each invoice from the payments and credit notes
 * that point to it, instead of adding and subtracting: a replayed or corrected payment can then
 * never count twice. Returns the balances before and after, in cents, so callers see an invoice
 * becoming paid.
 */
export async function settle(sql: Sql, tenantId: string, invoiceIds: (number | null | undefined)[]): Promise<Settlement[]> {
  const ids = [...new Set(invoiceIds.filter((id): id is number => typeof id === 'number'))];
  if (!ids.length) return [];
  // One statement: the CTE locks the rows and keeps their balance before the update.
  const after = await sql<{ id: number; before: string; balance: string }>(
    `WITH before AS (SELECT id, total - paid_amount - credited_amount AS balance FROM invoices WHERE tenant_id = ? AND id IN (?) FOR UPDATE)
     UPDATE invoices i SET
       paid_amount = COALESCE((SELECT sum(p.amount) FROM invoice_payments p WHERE p.invoice_id = i.id), 0),
       credited_amount = COALESCE((SELECT sum(n.total) FROM invoices n
                                   WHERE n.related_invoice_id = i.id AND n.type_code IN (?) AND NOT n.cancelled), 0),
       updated_at = now()
     FROM before b
     WHERE i.id = b.id
     RETURNING i.id, b.balance AS before, i.total - i.paid_amount - i.credited_amount AS balance`,
    [tenantId, ids, CREDIT_NOTE_CODES],
  );
  return after.map((r) => ({ invoiceId: r.id, balanceBefore: toCents(r.before), balanceAfter: toCents(r.balance) }));
}
