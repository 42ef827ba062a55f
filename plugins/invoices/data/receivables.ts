import type { EntityManager } from '@mikro-orm/postgresql';
import { codesOfKind, invoiceType, type DocumentKind } from '../domain/invoice-types.ts';
import { formatFiscalNumber } from '../domain/fiscal-number.ts';
import { fromCents, toCents } from '../domain/money.ts';
import { sqlOf, type Sql } from './sql.ts';

/** An invoice or debit note as a payer sees it: what it is, when it is due, what is left to pay. */
export interface ReceivableInvoice {
  id: number;
  externalId: string;
  accountId: number;
  typeCode: number;
  kind: DocumentKind;
  letter: string;
  /** `00008-00068421` */
  fiscalNumber: string;
  period: string;
  issueDate: string;
  dueDate: string;
  secondDueDate: string | null;
  secondDueTotal: string | null;
  currency: string;
  total: string;
  /** total − paid − credited; zero or less once settled. */
  balance: string;
  cancelled: boolean;
}

const CREDIT_NOTES = codesOfKind('credit_note');

const columns = (i: string) => `${i}id, ${i}external_id, ${i}account_id, ${i}type_code, ${i}point_of_sale, ${i}number, ${i}period, ${i}issue_date, ${i}due_date,
  ${i}second_due_date, ${i}second_due_total, ${i}currency, ${i}total, ${i}total - ${i}paid_amount - ${i}credited_amount AS balance, ${i}cancelled`;
const COLUMNS = columns('');

/** A row of `columns()`; the driver may hand date columns back as text or as a Date. */
interface ReceivableRow {
  id: number;
  external_id: string;
  account_id: number;
  type_code: number;
  point_of_sale: number;
  number: number;
  period: string;
  issue_date: string | Date;
  due_date: string | Date;
  second_due_date: string | Date | null;
  second_due_total: string | null;
  currency: string;
  total: string;
  balance: string;
  cancelled: boolean;
}

/** One account's balance and open documents, as `balance()` and `openInvoices()` give them. */
export interface AccountReceivables {
  accountId: number;
  balance: string;
  open: ReceivableInvoice[];
}

/**
 * Reads for plugins that collect money (payments): an account's open documents, some documents
 * by id, and the current-account balance. Every query names the tenant and the account, so an id
 * of another account or tenant finds nothing.
 */
export class Receivables {
  readonly #sql: Sql;
  readonly #tenantId: string;

  constructor(em: EntityManager, tenantId: string) {
    this.#sql = sqlOf(em);
    this.#tenantId = tenantId;
  }

  /** Invoices and debit notes with something left to pay, the earliest due first. */
  async openInvoices(accountId: number): Promise<ReceivableInvoice[]> {
    const rows = await this.#sql<ReceivableRow>(
      `SELECT ${COLUMNS} FROM invoices
       WHERE tenant_id = ? AND account_id = ? AND NOT cancelled AND type_code NOT IN (?)
         AND total - paid_amount - credited_amount > 0
       ORDER BY due_date, id`,
      [this.#tenantId, accountId, CREDIT_NOTES],
    );
    return rows.map(receivable);
  }

  /**
   * `balance()` and `openInvoices()` of several accounts in one round trip, in the order asked
   * (the dashboard asks for all of a customer's accounts on every visit). Ids of other tenants'
   * accounts are left out.
   */
  async openByAccount(accountIds: number[]): Promise<AccountReceivables[]> {
    if (!accountIds.length) return [];
    const rows = await this.#sql<OpenRow>(
      `SELECT a.id AS owner_id, m.account_balance, ${columns('i.')}
       FROM accounts a
       CROSS JOIN LATERAL (SELECT COALESCE(sum(amount), 0) AS account_balance FROM account_movements WHERE tenant_id = a.tenant_id AND account_id = a.id) m
       LEFT JOIN invoices i ON i.tenant_id = a.tenant_id AND i.account_id = a.id AND NOT i.cancelled AND i.type_code NOT IN (?)
         AND i.total - i.paid_amount - i.credited_amount > 0
       WHERE a.tenant_id = ? AND a.id IN (?)
       ORDER BY i.due_date, i.id`,
      [CREDIT_NOTES, this.#tenantId, accountIds],
    );
    const byAccount = new Map<number, AccountReceivables>();
    for (const row of rows) {
      let entry = byAccount.get(row.owner_id);
      if (!entry) byAccount.set(row.owner_id, (entry = { accountId: row.owner_id, balance: fromCents(toCents(row.account_balance)), open: [] }));
      if (row.id !== null) entry.open.push(receivable(row));
    }
    return accountIds.flatMap((id) => byAccount.get(id) ?? []);
  }

  /** The named documents of the account, paid or not; ids of other accounts are left out. */
  async invoices(accountId: number, ids: number[]): Promise<ReceivableInvoice[]> {
    const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647);
    if (!wanted.length) return [];
    const rows = await this.#sql<ReceivableRow>(
      `SELECT ${COLUMNS} FROM invoices WHERE tenant_id = ? AND account_id = ? AND id IN (?) ORDER BY due_date, id`,
      [this.#tenantId, accountId, wanted],
    );
    return rows.map(receivable);
  }

  /**
   * What each named document of the account still owes (a cancelled one, nothing), with its row
   * locked until the caller's transaction ends: a collector reads, decides how much of a payment
   * the invoice takes and records it before another payment of the same invoice can read the
   * balance. Locked in id order, so two collectors on overlapping invoices cannot deadlock.
   * Call it inside a transaction; ids of other accounts are left out.
   */
  async lockBalances(accountId: number, ids: number[]): Promise<Map<number, string>> {
    const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647);
    if (!wanted.length) return new Map();
    const rows = await this.#sql<{ id: number; balance: string }>(
      `SELECT id, CASE WHEN cancelled THEN 0 ELSE total - paid_amount - credited_amount END AS balance FROM invoices
       WHERE tenant_id = ? AND account_id = ? AND id IN (?) ORDER BY id FOR UPDATE`,
      [this.#tenantId, accountId, wanted],
    );
    return new Map(rows.map((r) => [r.id, fromCents(toCents(r.balance))]));
  }

  /** What the account owes today (negative: in the customer's favour). */
  async balance(accountId: number): Promise<string> {
    const [row] = await this.#sql<{ balance: string }>(
      `SELECT COALESCE(sum(amount), 0) AS balance FROM account_movements WHERE tenant_id = ? AND account_id = ?`,
      [this.#tenantId, accountId],
    );
    return fromCents(toCents(row.balance));
  }
}

/** openByAccount's rows: an account with none open has one row, its invoice columns null. */
type OpenRow = { owner_id: number; account_balance: string } & (ReceivableRow | { [K in keyof ReceivableRow]: null });

function receivable(row: ReceivableRow): ReceivableInvoice {
  const type = invoiceType(row.type_code);
  return {
    id: row.id,
    externalId: row.external_id,
    accountId: row.account_id,
    typeCode: row.type_code,
    kind: type.kind,
    letter: type.letter,
    fiscalNumber: formatFiscalNumber(row.point_of_sale, row.number),
    period: String(row.period).trim(),
    issueDate: day(row.issue_date),
    dueDate: day(row.due_date),
    secondDueDate: row.second_due_date ? day(row.second_due_date) : null,
    secondDueTotal: row.second_due_total === null ? null : fromCents(toCents(row.second_due_total)),
    currency: String(row.currency).trim(),
    total: fromCents(toCents(row.total)),
    balance: fromCents(toCents(row.balance)),
    cancelled: row.cancelled,
  };
}

/** The driver may hand a date column back as text or as a Date at local midnight. */
function day(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}
