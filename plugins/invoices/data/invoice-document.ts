import { formatFiscalNumber } from '../domain/fiscal-number.ts';
import { invoiceType, type InvoiceType } from '../domain/invoice-types.ts';
import { fromCents, toCents } from '../domain/money.ts';
import type { FileStorage } from 'portal/sdk';
import type { Sql } from './sql.ts';

export interface InvoiceDocument {
  id: number;
  externalId: string;
  accountId: number;
  accountNumber: string;
  brandId: string | null;
  type: InvoiceType;
  pointOfSale: number;
  number: number;
  /** `00008-00068421` */
  fiscalNumber: string;
  issueDate: string;
  period: string;
  serviceFrom: string | null;
  serviceTo: string | null;
  dueDate: string;
  secondDueDate: string | null;
  secondDueTotal: string | null;
  currency: string;
  exchangeRate: string;
  netAmount: string;
  exemptAmount: string;
  vatAmount: string;
  otherTaxes: string;
  total: string;
  paidAmount: string;
  creditedAmount: string;
  balance: string;
  cancelled: boolean;
  related: { id: number; type: InvoiceType; fiscalNumber: string } | null;
  authorizationType: 'E' | 'A';
  authorizationCode: string | null;
  authorizationDueDate: string | null;
  serviceType: string | null;
  product: string | null;
  recipient: { name: string; docType: number | null; docNumber: string | null; vatCondition: string | null; address: string | null };
  lines: { lineNo: number; description: string; quantity: string; unitPrice: string; vatRate: string | null; amount: string }[];
  payments: { paidOn: string; amount: string; method: string; collector: string | null; reference: string | null }[];
  hasOriginalPdf: boolean;
}

/**
 * One invoice with everything its page and its PDF print. `accountIds` are the accounts the
 * reader may see: a customer's own, so another customer's or tenant's invoice id finds nothing.
 */
export async function findInvoiceDocument(sql: Sql, tenantId: string, invoiceId: number, accountIds: number[]): Promise<InvoiceDocument | null> {
  if (!Number.isSafeInteger(invoiceId) || invoiceId <= 0 || accountIds.length === 0) return null;
  const [row] = await sql<DocumentRow>(`${DOCUMENT_SELECT} WHERE i.tenant_id = ? AND i.id = ? AND i.account_id IN (?)`, [tenantId, invoiceId, accountIds]);
  if (!row) return null;
  const [lines, payments] = await Promise.all([
    sql<LineRow>(`SELECT line_no, description, quantity, unit_price, vat_rate, amount FROM invoice_lines WHERE tenant_id = ? AND invoice_id = ? ORDER BY line_no`, [tenantId, invoiceId]),
    sql<PaymentRow>(`SELECT paid_on, amount, method, collector, reference FROM invoice_payments WHERE tenant_id = ? AND invoice_id = ? ORDER BY paid_on, id`, [tenantId, invoiceId]),
  ]);
  return toDocument(row, lines, payments);
}

/**
 * Many invoices of one tenant at once, in the order of `invoiceIds` (an operator's bulk render):
 * three queries for the whole batch instead of three per invoice. Ids of another tenant find nothing.
 */
export async function invoiceDocuments(sql: Sql, tenantId: string, invoiceIds: number[]): Promise<InvoiceDocument[]> {
  if (invoiceIds.length === 0) return [];
  const [rows, lines, payments] = await Promise.all([
    sql<DocumentRow>(`${DOCUMENT_SELECT} WHERE i.tenant_id = ? AND i.id IN (?)`, [tenantId, invoiceIds]),
    sql<LineRow & { invoice_id: number }>(`SELECT invoice_id, line_no, description, quantity, unit_price, vat_rate, amount FROM invoice_lines WHERE tenant_id = ? AND invoice_id IN (?) ORDER BY invoice_id, line_no`, [tenantId, invoiceIds]),
    sql<PaymentRow & { invoice_id: number }>(`SELECT invoice_id, paid_on, amount, method, collector, reference FROM invoice_payments WHERE tenant_id = ? AND invoice_id IN (?) ORDER BY invoice_id, paid_on, id`, [tenantId, invoiceIds]),
  ]);
  const byInvoice = <Row extends { invoice_id: number }>(all: Row[]) => Map.groupBy(all, (r) => r.invoice_id);
  const [linesOf, paymentsOf] = [byInvoice(lines), byInvoice(payments)];
  const docs = new Map(rows.map((row) => [row.id, toDocument(row, linesOf.get(row.id) ?? [], paymentsOf.get(row.id) ?? [])]));
  return invoiceIds.flatMap((id) => docs.get(id) ?? []);
}

// An invoice the provider sent without the recipient's address prints the account's: the address
// of its first service that has one (the supply address; accounts carry no address of their own).
const DOCUMENT_SELECT = `SELECT i.*, a.number AS account_number, a.brand_id,
            (SELECT s.address FROM account_services s
             WHERE s.tenant_id = i.tenant_id AND s.account_id = i.account_id AND s.address IS NOT NULL ORDER BY s.id LIMIT 1) AS account_address,
            r.type_code AS related_type_code, r.point_of_sale AS related_point_of_sale, r.number AS related_number,
            EXISTS (SELECT 1 FROM invoice_files f WHERE f.invoice_id = i.id) AS has_file
     FROM invoices i
     JOIN accounts a ON a.id = i.account_id AND a.tenant_id = i.tenant_id
     LEFT JOIN invoices r ON r.id = i.related_invoice_id`;

/** A row of DOCUMENT_SELECT: dates are `YYYY-MM-DD` text, numeric columns strings. */
type DocumentRow = InvoiceColumns & (RelatedColumns | { [K in keyof RelatedColumns]: null });
interface RelatedColumns {
  related_invoice_id: number;
  related_type_code: number;
  related_point_of_sale: number;
  related_number: number;
}
interface InvoiceColumns {
  id: number;
  external_id: string;
  account_id: number;
  account_number: string;
  brand_id: string | null;
  type_code: number;
  point_of_sale: number;
  number: number;
  issue_date: string;
  period: string;
  service_from: string | null;
  service_to: string | null;
  due_date: string;
  second_due_date: string | null;
  second_due_total: string | null;
  currency: string;
  exchange_rate: string;
  net_amount: string;
  exempt_amount: string;
  vat_amount: string;
  other_taxes: string;
  total: string;
  paid_amount: string;
  credited_amount: string;
  cancelled: boolean;
  authorization_type: 'E' | 'A';
  authorization_code: string | null;
  authorization_due_date: string | null;
  service_type: string | null;
  product: string | null;
  recipient_name: string;
  recipient_doc_type: number | null;
  recipient_doc_number: string | null;
  recipient_vat_condition: string | null;
  recipient_address: string | null;
  /** The address of the account's first service that has one, for invoices sent without an address. */
  account_address: string | null;
  has_file: boolean;
}
interface LineRow {
  line_no: number;
  description: string;
  quantity: string;
  unit_price: string;
  vat_rate: string | null;
  amount: string;
}
interface PaymentRow {
  paid_on: string;
  amount: string;
  method: string;
  collector: string | null;
  reference: string | null;
}

function toDocument(row: DocumentRow, lines: LineRow[], payments: PaymentRow[]): InvoiceDocument {
  return {
    id: row.id,
    externalId: row.external_id,
    accountId: row.account_id,
    accountNumber: row.account_number,
    brandId: row.brand_id,
    type: invoiceType(row.type_code),
    pointOfSale: row.point_of_sale,
    number: row.number,
    fiscalNumber: formatFiscalNumber(row.point_of_sale, row.number),
    issueDate: row.issue_date,
    period: row.period,
    serviceFrom: row.service_from,
    serviceTo: row.service_to,
    dueDate: row.due_date,
    secondDueDate: row.second_due_date,
    secondDueTotal: row.second_due_total,
    currency: row.currency.trim(),
    exchangeRate: row.exchange_rate,
    netAmount: row.net_amount,
    exemptAmount: row.exempt_amount,
    vatAmount: row.vat_amount,
    otherTaxes: row.other_taxes,
    total: row.total,
    paidAmount: row.paid_amount,
    creditedAmount: row.credited_amount,
    balance: fromCents(toCents(row.total) - toCents(row.paid_amount) - toCents(row.credited_amount)),
    cancelled: row.cancelled,
    related: row.related_invoice_id
      ? { id: row.related_invoice_id, type: invoiceType(row.related_type_code), fiscalNumber: formatFiscalNumber(row.related_point_of_sale, row.related_number) }
      : null,
    authorizationType: row.authorization_type,
    authorizationCode: row.authorization_code,
    authorizationDueDate: row.authorization_due_date,
    serviceType: row.service_type,
    product: row.product,
    recipient: {
      name: row.recipient_name,
      docType: row.recipient_doc_type,
      docNumber: row.recipient_doc_number,
      vatCondition: row.recipient_vat_condition,
      address: row.recipient_address ?? row.account_address,
    },
    lines: lines.map((l) => ({ lineNo: l.line_no, description: l.description, quantity: l.quantity, unitPrice: l.unit_price, vatRate: l.vat_rate, amount: l.amount })),
    payments: payments.map((p) => ({ paidOn: p.paid_on, amount: p.amount, method: p.method, collector: p.collector, reference: p.reference })),
    hasOriginalPdf: row.has_file,
  };
}

/**
 * The provider's own PDF of an invoice the caller has already been allowed to see: from the file
 * store, or for rows from before 004_file_keys.sql from the row itself. Read whole, since it is
 * also attached to emails; the API caps it at 10 MB.
 */
export async function originalPdf(sql: Sql, files: FileStorage, tenantId: string, invoiceId: number): Promise<{ filename: string; content: Buffer } | null> {
  const [row] = await sql<{ filename: string } & ({ content: Buffer; file_key: string | null } | { content: null; file_key: string })>(`SELECT filename, content, file_key FROM invoice_files WHERE tenant_id = ? AND invoice_id = ?`, [tenantId, invoiceId]);
  if (!row) return null;
  if (row.content) return { filename: row.filename, content: row.content };
  const stored = await files.get(tenantId, row.file_key);
  if (!stored) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stored.stream) chunks.push(chunk as Buffer);
  return { filename: row.filename, content: Buffer.concat(chunks) };
}
