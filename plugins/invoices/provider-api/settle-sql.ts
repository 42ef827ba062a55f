import { codesOfKind } from '../domain/invoice-types.ts';

const CREDIT_NOTE_CODES = codesOfKind('credit_note').join(', ');

/**
 * The service's settle() as one statement over a set of invoice ids (`$1` the tenant): paid and
 * credited amounts recomputed from what points at each invoice, never added up, so a reloaded
 * payment or note cannot count twice.
 */
export function settleSql(idsQuery: string): string {
  return `UPDATE invoices i SET
     paid_amount = COALESCE((SELECT sum(p.amount) FROM invoice_payments p WHERE p.invoice_id = i.id), 0),
     credited_amount = COALESCE((SELECT sum(n.total) FROM invoices n
                                 WHERE n.related_invoice_id = i.id AND n.type_code IN (${CREDIT_NOTE_CODES}) AND NOT n.cancelled), 0),
     updated_at = now()
   WHERE i.tenant_id = $1 AND i.id IN (${idsQuery})`;
}
