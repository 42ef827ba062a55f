import type { AccountRow } from './accounts.ts';
import { invoiceRow, movementAmount } from './invoice-row.ts';
import { contentHash } from './content-hash.ts';
import { InvoiceInputError } from './input-error.ts';
import type { InvoiceInput } from './input-schemas.ts';
import { InvoiceService, type InvoiceServiceDeps, type UpsertResult } from './invoice-service.ts';
import { normalizeInvoice, type NormalizedInvoice } from './normalize-invoice.ts';
import { isNotifiable, notifyNewInvoice, notifyTargets, wantsEmail } from './notify-new-invoice.ts';
import { sqlOf, type Sql } from './sql.ts';

/** Each item's outcome, in the order sent: what PUT would have answered for it. */
export type BatchItemResult = UpsertResult | { error: InvoiceInputError };

/** An item the caller already refused (its schema check) keeps its place with that error. */
export type BatchItem = InvoiceInput | InvoiceInputError;

export const MAX_BATCH = 1000;

interface Plain {
  index: number;
  doc: NormalizedInvoice;
  account: AccountRow;
  hash: string;
}

/**
 * Many invoices in one transaction, each with PUT's rules and outcome. New plain documents (no
 * original PDF, no related invoice: nearly every one of a billing run) are written set-based, one
 * statement per table for the whole batch. Everything else (changes, PDFs, notes, and any new one
 * the set insert left out because a concurrent call or a fiscal number got there first) goes
 * through the same InvoiceService.upsertInvoice as PUT, each in its own savepoint, so one bad
 * item rolls back alone and gets PUT's own error message. The set-based part goes first: a note
 * finds its invoice wherever that sits in the batch.
 */
export async function upsertInvoiceBatch(deps: InvoiceServiceDeps, items: BatchItem[], opts: { notify?: boolean } = {}): Promise<BatchItemResult[]> {
  const service = new InvoiceService(deps);
  const settings = service.settings;
  const tenantId = deps.tenant.id;
  const results: (BatchItemResult | undefined)[] = new Array(items.length);
  const docs: { index: number; doc: NormalizedInvoice }[] = [];
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    if (item instanceof InvoiceInputError) return void (results[index] = { error: item });
    const earlier = firstIndex.get(item.externalId);
    if (earlier !== undefined) {
      return void (results[index] = { error: new InvoiceInputError([`externalId: "${item.externalId}" was already sent in this batch as item ${earlier}`]) });
    }
    firstIndex.set(item.externalId, index);
    try {
      docs.push({ index, doc: normalizeInvoice(item, settings.invoiceTypes) });
    } catch (err) {
      if (!(err instanceof InvoiceInputError)) throw err;
      results[index] = { error: err };
    }
  });

  await deps.em.transactional(async (em) => {
    const sql = sqlOf(em);
    const accounts = await accountsOf(sql, tenantId, docs.map((d) => d.doc.accountNumber));
    // Locked in externalId order, so two batches wait for each other instead of deadlocking.
    const existing = await lockedInvoices(sql, tenantId, docs.map((d) => d.doc.externalId));
    const plain: Plain[] = [];
    const oneByOne: number[] = [];
    for (const { index, doc } of docs) {
      const account = accounts.get(doc.accountNumber);
      if (!account) {
        results[index] = { error: new InvoiceInputError([`accountNumber: no account "${doc.accountNumber}"`]) };
        continue;
      }
      const stored = existing.get(doc.externalId);
      if (stored && stored.account_id !== account.id) {
        results[index] = { error: new InvoiceInputError([`accountNumber: invoice "${doc.externalId}" belongs to another account`]) };
        continue;
      }
      if (doc.originalPdf) {
        oneByOne.push(index);
        continue;
      }
      // PUT's fingerprint of a document without a PDF: the same content sent again is no change.
      const hash = contentHash({ ...doc, accountId: account.id, originalPdf: null });
      if (stored?.content_hash.trim() === hash) results[index] = { id: stored.id, created: false, changed: false };
      else if (stored || doc.relatedInvoiceExternalId) oneByOne.push(index);
      else plain.push({ index, doc, account, hash });
    }

    const inserted = await insertPlain(sql, tenantId, plain);
    for (const p of plain) {
      const id = inserted.get(p.doc.externalId);
      if (id === undefined) oneByOne.push(p.index);
      else results[p.index] = { id, created: true, changed: true };
    }
    const created = plain.filter((p) => inserted.has(p.doc.externalId));
    // Nothing to settle, as in PUT: a new id has no payment or note pointing to it, and plain
    // documents point to no invoice. Each one's event, as PUT emits it.
    for (const p of created) {
      const id = inserted.get(p.doc.externalId)!;
      const d = p.doc;
      await deps.portal.events.emit(deps.tenant, em, 'invoice.created', {
        invoiceId: id, externalId: d.externalId, accountId: p.account.id, typeCode: d.typeCode, total: d.total, dueDate: d.dueDate,
      });
    }
    if (opts.notify !== false) {
      const notifiable = created.filter((p) => isNotifiable(p.doc)).map((p) => inserted.get(p.doc.externalId)!);
      const targets = await notifyTargets(sql, tenantId, notifiable);
      for (const invoiceId of notifiable) {
        const target = targets.get(invoiceId);
        if (target && wantsEmail(target, settings)) await notifyNewInvoice({ em, tenant: deps.tenant, portal: deps.portal, settings, invoiceId, target });
      }
    }

    oneByOne.sort((a, b) => a - b);
    const inTransaction = new InvoiceService({ ...deps, em });
    for (const index of oneByOne) {
      try {
        results[index] = await inTransaction.upsertInvoice({ ...(items[index] as InvoiceInput) }, opts);
      } catch (err) {
        if (!(err instanceof InvoiceInputError)) throw err;
        results[index] = { error: err };
      }
    }
  });
  return results as BatchItemResult[];
}

async function accountsOf(sql: Sql, tenantId: string, numbers: string[]): Promise<Map<string, AccountRow>> {
  if (!numbers.length) return new Map();
  const rows = await sql(
    `SELECT id, number, holder_name, document_type, document_number, brand_id FROM accounts WHERE tenant_id = ? AND number IN (?)`,
    [tenantId, [...new Set(numbers)]],
  );
  return new Map(
    rows.map((r) => [r.number, { id: r.id, number: r.number, holderName: r.holder_name, documentType: r.document_type, documentNumber: r.document_number, brandId: r.brand_id }]),
  );
}

async function lockedInvoices(sql: Sql, tenantId: string, externalIds: string[]): Promise<Map<string, { id: number; account_id: number; content_hash: string }>> {
  if (!externalIds.length) return new Map();
  const rows = await sql(
    `SELECT id, external_id, account_id, content_hash FROM invoices WHERE tenant_id = ? AND external_id IN (?) ORDER BY external_id FOR UPDATE`,
    [tenantId, externalIds],
  );
  return new Map(rows.map((r) => [r.external_id, { id: r.id, account_id: r.account_id, content_hash: r.content_hash }]));
}

/**
 * The new documents, their lines and statement movements: three statements for the whole batch,
 * rows passed as one JSON array each and read with the table's own row type. A row that would
 * collide with any unique key (the same id or fiscal number stored meanwhile) is left out rather
 * than failing the batch; the caller hands it to the one-by-one path, which says why.
 */
async function insertPlain(sql: Sql, tenantId: string, plain: Plain[]): Promise<Map<string, number>> {
  if (!plain.length) return new Map();
  const sorted = [...plain].sort((a, b) => (a.doc.externalId < b.doc.externalId ? -1 : 1));
  const invoices = sorted.map(({ doc, account, hash }) => invoiceRow(tenantId, account, doc, hash, null));
  const columns = Object.keys(invoices[0]).join(', ');
  const rows = await sql(
    `INSERT INTO invoices (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::invoices, ?::jsonb)
     ON CONFLICT DO NOTHING RETURNING id, external_id`,
    [JSON.stringify(invoices)],
  );
  const ids = new Map(rows.map((r) => [r.external_id as string, r.id as number]));
  const written = sorted.filter((p) => ids.has(p.doc.externalId));
  const lines = written.flatMap(({ doc }) =>
    doc.lines.map((l) => ({
      tenant_id: tenantId, invoice_id: ids.get(doc.externalId), line_no: l.lineNo, description: l.description, quantity: l.quantity,
      unit_price: l.unitPrice, vat_rate: l.vatRate, amount: l.amount,
    })),
  );
  if (lines.length) {
    await sql(
      `INSERT INTO invoice_lines (tenant_id, invoice_id, line_no, description, quantity, unit_price, vat_rate, amount)
       SELECT tenant_id, invoice_id, line_no, description, quantity, unit_price, vat_rate, amount FROM jsonb_populate_recordset(NULL::invoice_lines, ?::jsonb)`,
      [JSON.stringify(lines)],
    );
  }
  if (written.length) {
    const movements = written.map(({ doc, account, hash }) => ({
      tenant_id: tenantId, account_id: account.id, content_hash: hash, kind: doc.kind, movement_date: doc.issueDate,
      amount: movementAmount(doc), invoice_id: ids.get(doc.externalId),
    }));
    await sql(
      `INSERT INTO account_movements (tenant_id, account_id, content_hash, kind, movement_date, amount, invoice_id)
       SELECT tenant_id, account_id, content_hash, kind, movement_date, amount, invoice_id FROM jsonb_populate_recordset(NULL::account_movements, ?::jsonb)`,
      [JSON.stringify(movements)],
    );
  }
  return ids;
}
