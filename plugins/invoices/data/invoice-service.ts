import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, StoredFile, Tenant } from 'portal/sdk';
import { fromCents, toCents } from '../domain/money.ts';
import { invoiceType } from '../domain/invoice-types.ts';
import { issuedTypes, type InvoicesSettings } from '../settings.ts';
import { accountByNumber, TARGETED_ACCOUNTS_SQL, targetedAccount, type AccountRow, type TargetedAccountRow } from './accounts.ts';
import { contentHash, contentHashSql } from './content-hash.ts';
import { ACCOUNT_COLUMNS, accountColumnsSql, documentRow, invoiceRow, movementAmount, recipientParams } from './invoice-row.ts';
import { InvoiceInputError } from './input-error.ts';
import { schemaProblems, type InvoiceInput, type MovementInput, type PaymentInput } from './input-schemas.ts';
import { normalizeInvoice, type NormalizedInvoice } from './normalize-invoice.ts';
import { readAmount } from './amounts.ts';
import { settle, type Settlement } from './settle.ts';
import { sqlOf, type Sql } from './sql.ts';
import { isNotifiable, notifyNewInvoice } from './notify-new-invoice.ts';

export interface UpsertResult {
  id: number;
  /** A row was inserted (the provider's id was new). */
  created: boolean;
  /** Something was written; false when the same content had been sent before. */
  changed: boolean;
}

export interface InvoiceServiceDeps {
  em: EntityManager;
  tenant: Tenant;
  portal: PortalServices;
}

export interface UpsertInvoiceOptions {
  /** Email a new invoice to customers who chose electronic delivery (default true; the demo seed turns it off). */
  notify?: boolean;
}

/**
 * The way data comes in: invoices with their lines, payments and other current-account
 * movements, each keyed by the provider's own id, so sending anything again updates it in
 * place. Each call is one transaction, and the events and emails it causes commit with it.
 */
export class InvoiceService {
  readonly #em: EntityManager;
  readonly #tenant: Tenant;
  readonly #portal: PortalServices;

  constructor(deps: InvoiceServiceDeps) {
    this.#em = deps.em;
    this.#tenant = deps.tenant;
    this.#portal = deps.portal;
  }

  get settings(): InvoicesSettings {
    const settings = this.#tenant.plugins.get('invoices');
    if (!settings) throw new Error(`tenant "${this.#tenant.id}" has not enabled the invoices plugin`);
    return settings as unknown as InvoicesSettings;
  }

  async upsertInvoice(input: InvoiceInput, opts: UpsertInvoiceOptions = {}): Promise<UpsertResult> {
    const doc = normalizeInvoice(input, issuedTypes(this.settings));
    const tenantId = this.#tenant.id;
    // The PDF is stored once the transaction knows it is needed; whichever file loses (the new one
    // on a rollback, the replaced one after a commit) is removed, so no key points nowhere.
    const pdf: { stored?: string; replaced?: string | null } = {};
    // Inside a caller's transaction the commit is not ours to see: a replaced file is left (an
    // unused file is harmless, a row pointing at a deleted one is not).
    const ownsCommit = !this.#em.isInTransaction();
    try {
      const result = await this.#upsert(doc, tenantId, pdf, opts);
      if (ownsCommit && pdf.replaced && pdf.replaced !== pdf.stored) await this.#portal.files.remove(tenantId, pdf.replaced);
      return result;
    } catch (err) {
      if (pdf.stored) await this.#portal.files.remove(tenantId, pdf.stored);
      throw err;
    }
  }

  #upsert(doc: NormalizedInvoice, tenantId: string, pdf: { stored?: string; replaced?: string | null }, opts: UpsertInvoiceOptions): Promise<UpsertResult> {
    return this.#em.transactional(async (em) => {
      const sql = sqlOf(em);
      const { account, existing, target, insertedId } = await accountAndInvoice(sql, tenantId, doc);
      if (existing && existing.account_id !== account.id) {
        throw new InvoiceInputError([`accountNumber: invoice "${doc.externalId}" belongs to another account`]);
      }
      let written: { id: number; created: boolean; relatedId: number | null };
      if (insertedId != null) {
        written = { id: insertedId, created: true, relatedId: null };
      } else {
        const hash = contentHash(fingerprinted(doc, account.id, doc.originalPdf && sha256(doc.originalPdf.content)));
        if (existing?.content_hash.trim() === hash) return { id: existing.id, created: false, changed: false };
        const relatedId = await this.#relatedInvoice(sql, account, doc);
        written = { ...(await writeInvoice(sql, tenantId, account, doc, hash, relatedId)), relatedId };
      }
      const { id, created, relatedId } = written;
      if (!created) await replaceLines(sql, tenantId, id, doc);
      if (doc.originalPdf) {
        const [before] = await sql<{ file_key: string | null }>(`SELECT file_key FROM invoice_files WHERE tenant_id = ? AND invoice_id = ?`, [tenantId, id]);
        pdf.replaced = before?.file_key ?? null;
        const saved = await this.#portal.files.put(tenantId, INVOICE_FILE_AREA, doc.originalPdf.content);
        pdf.stored = saved.key;
        await writeFile(sql, tenantId, id, doc, saved);
      }
      // The invoice itself when it was already stored (credit notes may point to it), and whatever a
      // note points to now or did before. A row inserted just now has a new id nothing can point
      // to yet: its paid and credited amounts are the zeros it was inserted with.
      const settlements = await settle(sql, tenantId, [created ? null : id, relatedId, existing?.related_invoice_id]);

      const payload = { invoiceId: id, externalId: doc.externalId, accountId: account.id, typeCode: doc.typeCode, total: doc.total, dueDate: doc.dueDate };
      await this.#emit(em, created ? 'invoice.created' : 'invoice.updated', payload);
      await this.#emitPaid(em, settlements, account.id);
      if (created && opts.notify !== false && isNotifiable(doc)) {
        await notifyNewInvoice({ em, tenant: this.#tenant, portal: this.#portal, settings: this.settings, invoiceId: id, target });
      }
      return { id, created, changed: true };
    });
  }

  async recordPayment(input: PaymentInput): Promise<UpsertResult> {
    const problems = schemaProblems('payment', input);
    if (problems.length) throw new InvoiceInputError(problems);
    const amount = readAmount(input.amount, 'amount', problems);
    if (toCents(amount) <= 0) problems.push('amount: must be greater than zero');
    if (problems.length) throw new InvoiceInputError(problems);
    const tenantId = this.#tenant.id;
    return this.#em.transactional(async (em) => {
      const sql = sqlOf(em);
      const account = await accountByNumber(sql, tenantId, input.accountNumber);
      const invoiceId = input.invoiceExternalId ? await payableInvoice(sql, tenantId, account, input.invoiceExternalId) : null;
      const [existing] = await sql<{ id: number; account_id: number; invoice_id: number | null; content_hash: string }>(
        `SELECT id, account_id, invoice_id, content_hash FROM invoice_payments WHERE tenant_id = ? AND external_id = ? FOR UPDATE`,
        [tenantId, input.externalId],
      );
      if (existing && existing.account_id !== account.id) {
        throw new InvoiceInputError([`accountNumber: payment "${input.externalId}" belongs to another account`]);
      }
      const row = { accountId: account.id, invoiceId, paidOn: input.paidOn, amount, method: input.method, collector: input.collector ?? null, reference: input.reference ?? null };
      const hash = contentHash(row);
      if (existing?.content_hash.trim() === hash) return { id: existing.id, created: false, changed: false };

      const [saved] = await sql<Upserted>(
        `INSERT INTO invoice_payments (tenant_id, account_id, invoice_id, external_id, content_hash, paid_on, amount, method, collector, reference)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, external_id) DO UPDATE SET
           invoice_id = EXCLUDED.invoice_id, content_hash = EXCLUDED.content_hash, paid_on = EXCLUDED.paid_on,
           amount = EXCLUDED.amount, method = EXCLUDED.method, collector = EXCLUDED.collector,
           reference = EXCLUDED.reference, updated_at = now()
         RETURNING id, (xmax = 0) AS inserted`,
        [tenantId, account.id, invoiceId, input.externalId, hash, input.paidOn, amount, input.method, row.collector, row.reference],
      );
      await sql(
        `INSERT INTO account_movements (tenant_id, account_id, content_hash, kind, movement_date, amount, payment_id)
         VALUES (?, ?, ?, 'payment', ?, ?, ?)
         ON CONFLICT (payment_id) WHERE payment_id IS NOT NULL DO UPDATE SET
           movement_date = EXCLUDED.movement_date, amount = EXCLUDED.amount, content_hash = EXCLUDED.content_hash`,
        [tenantId, account.id, hash, input.paidOn, fromCents(-toCents(amount)), saved.id],
      );
      const settlements = await settle(sql, tenantId, [invoiceId, existing?.invoice_id]);
      await this.#emit(em, 'invoice.payment-recorded', {
        paymentId: saved.id, externalId: input.externalId, accountId: account.id, invoiceId, amount, created: saved.inserted,
      });
      await this.#emitPaid(em, settlements, account.id);
      return { id: saved.id, created: saved.inserted, changed: true };
    });
  }

  /** Movements that are neither an invoice nor a payment loaded here: adjustments, interest, notes without a document. */
  async addMovement(input: MovementInput): Promise<UpsertResult> {
    const problems = schemaProblems('movement', input);
    if (problems.length) throw new InvoiceInputError(problems);
    const amount = readAmount(input.amount, 'amount', problems);
    const cents = toCents(amount);
    if ((input.kind === 'payment' || input.kind === 'credit_note') && cents >= 0) problems.push(`amount: a ${input.kind} is a credit, so it must be negative`);
    if ((input.kind === 'invoice' || input.kind === 'debit_note') && cents <= 0) problems.push(`amount: a ${input.kind} is a charge, so it must be positive`);
    if (problems.length) throw new InvoiceInputError(problems);
    const tenantId = this.#tenant.id;
    return this.#em.transactional(async (em) => {
      const sql = sqlOf(em);
      const account = await accountByNumber(sql, tenantId, input.accountNumber);
      const [existing] = await sql<{ id: number; account_id: number; content_hash: string }>(
        `SELECT id, account_id, content_hash FROM account_movements WHERE tenant_id = ? AND external_id = ? FOR UPDATE`,
        [tenantId, input.externalId],
      );
      if (existing && existing.account_id !== account.id) {
        throw new InvoiceInputError([`accountNumber: movement "${input.externalId}" belongs to another account`]);
      }
      const hash = contentHash({ accountId: account.id, date: input.date, kind: input.kind, description: input.description, amount });
      if (existing?.content_hash.trim() === hash) return { id: existing.id, created: false, changed: false };
      const [saved] = await sql<Upserted>(
        `INSERT INTO account_movements (tenant_id, account_id, external_id, content_hash, kind, movement_date, description, amount)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
           content_hash = EXCLUDED.content_hash, kind = EXCLUDED.kind, movement_date = EXCLUDED.movement_date,
           description = EXCLUDED.description, amount = EXCLUDED.amount
         RETURNING id, (xmax = 0) AS inserted`,
        [tenantId, account.id, input.externalId, hash, input.kind, input.date, input.description, amount],
      );
      await this.#emit(em, 'invoice.movement-added', {
        movementId: saved.id, externalId: input.externalId, accountId: account.id, kind: input.kind, amount, created: saved.inserted,
      });
      return { id: saved.id, created: saved.inserted, changed: true };
    });
  }

  async #relatedInvoice(sql: Sql, account: AccountRow, doc: NormalizedInvoice): Promise<number | null> {
    if (!doc.relatedInvoiceExternalId) return null;
    const [row] = await sql<{ id: number; account_id: number }>(`SELECT id, account_id FROM invoices WHERE tenant_id = ? AND external_id = ?`, [this.#tenant.id, doc.relatedInvoiceExternalId]);
    if (!row || row.account_id !== account.id) {
      throw new InvoiceInputError([`relatedInvoiceExternalId: no invoice "${doc.relatedInvoiceExternalId}" on account ${account.number}`]);
    }
    return row.id;
  }

  #emit(em: EntityManager, event: string, payload: Record<string, unknown>): Promise<void> {
    return this.#portal.events.emit(this.#tenant, em, event, payload);
  }

  async #emitPaid(em: EntityManager, settlements: Settlement[], accountId: number): Promise<void> {
    for (const s of settlements) {
      if (s.balanceBefore > 0 && s.balanceAfter <= 0) await this.#emit(em, 'invoice.paid', { invoiceId: s.invoiceId, accountId });
    }
  }
}

/** What an upsert's `RETURNING id, (xmax = 0) AS inserted` gives: whether the row is new. */
interface Upserted {
  id: number;
  inserted: boolean;
}

async function writeInvoice(sql: Sql, tenantId: string, account: AccountRow, doc: NormalizedInvoice, hash: string, relatedId: number | null) {
  const values = invoiceRow(tenantId, account, doc, hash, relatedId);
  const columns = Object.keys(values);
  const updates = columns.filter((c) => !['tenant_id', 'account_id', 'external_id'].includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  try {
    // One round trip: the invoice, its statement movement, and the lines when the row is new (an
    // existing invoice's lines are replaced afterwards by replaceLines).
    const [row] = await sql<Upserted>(
      `WITH inv AS (
         INSERT INTO invoices (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
         ON CONFLICT (tenant_id, external_id) DO UPDATE SET ${updates.join(', ')}, updated_at = now()
         RETURNING id, (xmax = 0) AS inserted),
       mv AS (
         INSERT INTO account_movements (tenant_id, account_id, content_hash, kind, movement_date, amount, invoice_id)
         SELECT ?, ?, ?, ?, ?, ?, id FROM inv
         ON CONFLICT (invoice_id) DO UPDATE SET
           kind = EXCLUDED.kind, movement_date = EXCLUDED.movement_date, amount = EXCLUDED.amount, content_hash = EXCLUDED.content_hash),
       ${linesOf('inv', 'WHERE inv.inserted')}
       SELECT id, inserted FROM inv`,
      [...Object.values(values), tenantId, account.id, hash, doc.kind, doc.issueDate, movementAmount(doc), tenantId, JSON.stringify(doc.lines)],
    );
    return { id: row.id, created: Boolean(row.inserted) };
  } catch (err) {
    throw fiscalNumberTaken(err, doc);
  }
}

/** What the provider's id and content are fingerprinted from (the PDF by its own SHA-256). */
function fingerprinted(doc: NormalizedInvoice, accountId: unknown, pdfSha256: string | null) {
  return { ...doc, accountId, originalPdf: pdfSha256 };
}

/** A CTE inserting a new invoice's lines (params: tenant, lines JSON) for the row `inv` returns. */
function linesOf(inv: string, where = ''): string {
  return `ln AS (
         INSERT INTO invoice_lines (tenant_id, invoice_id, line_no, description, quantity, unit_price, vat_rate, amount)
         SELECT ?, ${inv}.id, l."lineNo", l.description, l.quantity, l."unitPrice", l."vatRate", l.amount
         FROM ${inv} CROSS JOIN LATERAL jsonb_to_recordset(?::jsonb) AS l(${LINE_RECORD})
         ${where})`;
}

function fiscalNumberTaken(err: unknown, doc: NormalizedInvoice): unknown {
  if ((err as { constraint?: string }).constraint !== 'invoices_fiscal_number') return err;
  return new InvoiceInputError([`number: ${doc.pointOfSale}-${doc.number} of type ${doc.typeCode} was already loaded under another id`]);
}

/** A normalised line as jsonb_to_recordset reads it. */
export const LINE_RECORD = `"lineNo" smallint, description text, quantity numeric, "unitPrice" numeric, "vatRate" numeric, amount numeric`;

async function replaceLines(sql: Sql, tenantId: string, invoiceId: number, doc: NormalizedInvoice): Promise<void> {
  await sql(`DELETE FROM invoice_lines WHERE tenant_id = ? AND invoice_id = ?`, [tenantId, invoiceId]);
  if (!doc.lines.length) return;
  await sql(
    `INSERT INTO invoice_lines (tenant_id, invoice_id, line_no, description, quantity, unit_price, vat_rate, amount)
     SELECT ?, ?, l."lineNo", l.description, l.quantity, l."unitPrice", l."vatRate", l.amount FROM jsonb_to_recordset(?::jsonb) AS l(${LINE_RECORD})`,
    [tenantId, invoiceId, JSON.stringify(doc.lines)],
  );
}

const STORED = `SELECT id, account_id, content_hash, related_invoice_id FROM invoices`;

/**
 * The stored invoice beside accountAndInvoice's account row: all null when there is none, and
 * `inserted_id` only there when the statement could insert it (null when it did not).
 */
type StoredColumns = (
  | { invoice_id: number; invoice_account_id: number; content_hash: string; related_invoice_id: number | null }
  | { invoice_id: null; invoice_account_id: null; content_hash: null; related_invoice_id: null }
) & { inserted_id?: number | null };

/**
 * The account the document names, where its new invoices are emailed, and the invoice already
 * stored under the document's id, locked: one round trip. The CTE is what may lock, as FOR
 * UPDATE cannot reach the nullable side of a join. A new plain invoice is written in that same
 * statement (see newInvoiceSql); `insertedId` then names it.
 *
 * When the statement computes the fingerprint itself (newInvoiceSql), a stored row with the same
 * content is read but not locked: the same document sent again (a retry, a nightly full sync)
 * then writes nothing, not even a row lock, so its commit waits for no disk, and calls sending one
 * invoice at once no longer queue behind each other's synced commits. Otherwise the row is locked.
 */
async function accountAndInvoice(sql: Sql, tenantId: string, doc: NormalizedInvoice) {
  const insert = newInvoiceSql(tenantId, doc);
  const stored = insert
    ? { first: `cur AS (${STORED} WHERE tenant_id = ? AND external_id = ?)`, after: `,
       locked AS (
         ${STORED} WHERE id = (SELECT id FROM cur)
           AND NOT EXISTS (SELECT 1 FROM cur JOIN h ON h.id = cur.account_id AND h.hash = cur.content_hash) FOR UPDATE),
       inv AS (SELECT * FROM locked UNION ALL SELECT * FROM cur WHERE NOT EXISTS (SELECT 1 FROM locked))` }
    : { first: `inv AS (${STORED} WHERE tenant_id = ? AND external_id = ? FOR UPDATE)`, after: '' };
  let row: (TargetedAccountRow & StoredColumns) | undefined;
  try {
    [row] = await sql<TargetedAccountRow & StoredColumns>(
      `WITH ${stored.first},
       a AS (
         ${TARGETED_ACCOUNTS_SQL}
         WHERE a.tenant_id = ? AND a.number = ?)${insert ? `,\n       ${insert.sql}` : ''}${stored.after}
       SELECT a.*, inv.id AS invoice_id, inv.account_id AS invoice_account_id, inv.content_hash, inv.related_invoice_id${insert ? ', (SELECT id FROM ins) AS inserted_id' : ''}
       FROM a LEFT JOIN inv ON true`,
      [tenantId, doc.externalId, tenantId, doc.accountNumber, ...(insert?.params ?? [])],
    );
  } catch (err) {
    throw fiscalNumberTaken(err, doc);
  }
  if (!row) throw new InvoiceInputError([`accountNumber: no account "${doc.accountNumber}"`]);
  const { target, ...account } = targetedAccount(row);
  const existing = row.invoice_id == null
    ? undefined
    : { id: row.invoice_id, account_id: row.invoice_account_id, content_hash: row.content_hash, related_invoice_id: row.related_invoice_id };
  return { account, existing, target, insertedId: row.inserted_id ?? null };
}

/**
 * CTEs that insert the document as a new invoice, with its statement movement and lines, when no
 * invoice has its id (`cur` is empty) and its account (`a`) exists: the fingerprint is computed by
 * the database from the account's id, the same as contentHash would. A new invoice then costs one
 * round trip inside its transaction, not two. Null for what needs steps of its own first: a note's
 * related invoice, an original PDF. A row another call inserted meanwhile is left alone
 * (`ins` is empty), and the caller goes on as for an existing invoice.
 */
function newInvoiceSql(tenantId: string, doc: NormalizedInvoice): { sql: string; params: unknown[] } | null {
  if (doc.relatedInvoiceExternalId || doc.originalPdf) return null;
  const hash = contentHashSql((accountId) => fingerprinted(doc, accountId, null), 'a.id');
  if (!hash) return null;
  const row = documentRow(tenantId, doc, null);
  return {
    sql: `h AS (SELECT a.id, ${hash.sql} AS hash FROM a),
       ins AS (
         INSERT INTO invoices (${[...Object.keys(row), ...ACCOUNT_COLUMNS].join(', ')})
         SELECT ${Object.keys(row).map(() => '?').join(', ')}, ${accountColumnsSql('a', 'h.hash')}
         FROM a JOIN h ON h.id = a.id WHERE NOT EXISTS (SELECT 1 FROM cur)
         ON CONFLICT (tenant_id, external_id) DO NOTHING
         RETURNING id),
       mv AS (
         INSERT INTO account_movements (tenant_id, account_id, content_hash, kind, movement_date, amount, invoice_id)
         SELECT ?, a.id, h.hash, ?, ?, ?, ins.id FROM ins CROSS JOIN a JOIN h ON h.id = a.id),
       ${linesOf('ins')}`,
    params: [...hash.params, ...Object.values(row), ...recipientParams(doc), tenantId, doc.kind, doc.issueDate, movementAmount(doc), tenantId, JSON.stringify(doc.lines)],
  };
}

/** Original PDFs' keys in core's file store: `<tenant>/invoices/<random>`. */
export const INVOICE_FILE_AREA = 'invoices';

async function writeFile(sql: Sql, tenantId: string, invoiceId: number, doc: NormalizedInvoice, saved: StoredFile): Promise<void> {
  const pdf = doc.originalPdf!;
  await sql(
    `INSERT INTO invoice_files (invoice_id, tenant_id, filename, sha256, content, file_key) VALUES (?, ?, ?, ?, NULL, ?)
     ON CONFLICT (invoice_id) DO UPDATE SET filename = EXCLUDED.filename, sha256 = EXCLUDED.sha256, content = NULL, file_key = EXCLUDED.file_key`,
    [invoiceId, tenantId, pdf.filename ?? `${doc.externalId}.pdf`, saved.sha256, saved.key],
  );
}

async function payableInvoice(sql: Sql, tenantId: string, account: AccountRow, externalId: string): Promise<number> {
  const [row] = await sql<{ id: number; account_id: number; type_code: number }>(`SELECT id, account_id, type_code FROM invoices WHERE tenant_id = ? AND external_id = ?`, [tenantId, externalId]);
  if (!row || row.account_id !== account.id) {
    throw new InvoiceInputError([`invoiceExternalId: no invoice "${externalId}" on account ${account.number}`]);
  }
  if (invoiceType(row.type_code).kind === 'credit_note') throw new InvoiceInputError([`invoiceExternalId: "${externalId}" is a credit note, nothing to pay`]);
  return row.id;
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
