import type { Sql } from './sql.ts';
import { InvoiceInputError } from './input-error.ts';
import type { NotifyTarget } from './notify-new-invoice.ts';

export interface AccountRow {
  id: number;
  number: string;
  holderName: string;
  documentType: string;
  documentNumber: string;
  brandId: string | null;
}

/** The columns of `accounts` an AccountRow is made of. */
interface AccountColumns {
  id: number;
  number: string;
  holder_name: string;
  document_type: string;
  document_number: string;
  brand_id: string | null;
}

/** The provider names accounts by their own number, the one printed on every invoice. */
export async function accountByNumber(sql: Sql, tenantId: string, number: string): Promise<AccountRow> {
  const [row] = await sql<AccountColumns>(
    `SELECT id, number, holder_name, document_type, document_number, brand_id FROM accounts WHERE tenant_id = ? AND number = ?`,
    [tenantId, number],
  );
  if (!row) throw new InvoiceInputError([`accountNumber: no account "${number}"`]);
  return {
    id: row.id,
    number: row.number,
    holderName: row.holder_name,
    documentType: row.document_type,
    documentNumber: row.document_number,
    brandId: row.brand_id,
  };
}

/** AFIP document type codes ("tipo de documento") for the kinds accounts carry. */
export const AFIP_DOC_TYPES: Record<string, number> = { CUIT: 80, CUIL: 86, CDI: 87, LE: 89, LC: 90, PAS: 94, DNI: 96 };

export function afipDocType(kind: string): number | null {
  return AFIP_DOC_TYPES[kind.toUpperCase()] ?? null;
}

/** An account with where its new invoices are emailed. */
export type TargetedAccount = AccountRow & { target: NotifyTarget };

/** Accounts (`a`) with the columns targetedAccount reads; the caller adds its WHERE. */
export const TARGETED_ACCOUNTS_SQL = `SELECT a.id, a.number, a.holder_name, a.document_type, a.document_number, a.brand_id,
         a.email AS account_email, c.email AS customer_email, c.locale, d.channel, c.name AS customer_name
       FROM accounts a
       LEFT JOIN customers c ON c.id = a.customer_id AND c.tenant_id = a.tenant_id
       LEFT JOIN invoice_delivery d ON d.account_id = a.id AND d.tenant_id = a.tenant_id`;

/** A row of TARGETED_ACCOUNTS_SQL. */
export type TargetedAccountRow = AccountColumns & Omit<NotifyTarget, 'account_id'>;

export function targetedAccount(row: TargetedAccountRow): TargetedAccount {
  return {
    id: row.id, number: row.number, holderName: row.holder_name, documentType: row.document_type, documentNumber: row.document_number, brandId: row.brand_id,
    target: { account_id: row.id, account_email: row.account_email, customer_email: row.customer_email, locale: row.locale, channel: row.channel,
      customer_name: row.customer_name, holder_name: row.holder_name },
  };
}
