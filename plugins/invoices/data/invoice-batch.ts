import { TARGETED_ACCOUNTS_SQL, targetedAccount, type TargetedAccount, type TargetedAccountRow } from './accounts.ts';
import { invoiceRow, movementAmount } from './invoice-row.ts';
import { contentHash } from './content-hash.ts';
import { InvoiceInputError } from './input-error.ts';
import type { InvoiceInput } from './input-schemas.ts';
import { InvoiceService, type InvoiceServiceDeps, type UpsertResult } from './invoice-service.ts';
import { normalizeInvoice, type NormalizedInvoice } from './normalize-invoice.ts';
import { isNotifiable, notifyNewInvoice, wantsEmail } from './notify-new-invoice.ts';
import { sqlOf, type Sql } from './sql.ts';
import { issuedTypes } from '../settings.ts';

/** Each item's outcome, in the order sent: what PUT would have answered for it. */
export type BatchItemResult = UpsertResult | { error: InvoiceInputError };

/** An item the caller already refused (its schema check) keeps its place with that error. */
export type BatchItem = InvoiceInput | InvoiceInputError;

export const MAX_BATCH = 1000;

interface Plain {
  index: number;
  doc: NormalizedInvoice;
  account: TargetedAccount;
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
  const results = new Array<BatchItemResult | undefined>(items.length);
  const docs: { index: number; doc: NormalizedInvoice }[] = [];
  const firstIndex = new Map<string, number>();
  const allowedTypes = issuedTypes(settings);
  items.forEach((item, index) => {
    if (item instanceof InvoiceInputError) return void (results[index] = { error: item });
    const earlier = firstIndex.get(item.externalId);
    if (earlier !== undefined) {
      return void (results[index] = { error: new InvoiceInputError([`externalId: "${item.externalId}" was already sent in this batch as item ${earlier}`]) });
    }
    firstIndex.set(item.externalId, index);
    try {
      docs.push({ index, doc: normalizeInvoice(item, allowedTypes) });
    } catch (err) {
      if (!(err instanceof InvoiceInputError)) throw err;
      results[index] = { error: err };
    }
  });

  await deps.em.transactional(async (em) => {
    const sql = sqlOf(em);
    const { accounts, existing } = await accountsAndLockedInvoices(sql, tenantId, docs.map((d) => d.doc));
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
      for (const p of created) {
        const { target } = p.account;
        if (isNotifiable(p.doc) && wantsEmail(target, settings)) {
          await notifyNewInvoice({ em, tenant: deps.tenant, portal: deps.portal, settings, invoiceId: inserted.get(p.doc.externalId)!, target });
        }
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

type Stored = { id: number; account_id: number; content_hash: string };

/**
 * The documents' accounts, each with where its new invoices are emailed, and the invoices already
 * stored under the documents' ids, locked in externalId order (so two batches wait for each other
 * instead of deadlocking): one round trip.
 */
async function accountsAndLockedInvoices(sql: Sql, tenantId: string, docs: NormalizedInvoice[]) {
  const accounts = new Map<string, TargetedAccount>();
  const existing = new Map<string, Stored>();
  if (!docs.length) return { accounts, existing };
  const [row] = await sql<{ invoices: unknown; accounts: unknown }>(
    `WITH inv AS (
       SELECT id, external_id, account_id, content_hash FROM invoices WHERE tenant_id = ? AND external_id IN (?) ORDER BY external_id FOR UPDATE)
     SELECT (SELECT coalesce(jsonb_agg(inv), '[]') FROM inv) AS invoices,
       (SELECT coalesce(jsonb_agg(a), '[]') FROM (${TARGETED_ACCOUNTS_SQL} WHERE a.tenant_id = ? AND a.number IN (?)) a) AS accounts`,
    [tenantId, docs.map((d) => d.externalId), tenantId, [...new Set(docs.map((d) => d.accountNumber))]],
  );
  for (const r of json<TargetedAccountRow>(row.accounts)) accounts.set(r.number, targetedAccount(r));
  for (const r of json<Stored & { external_id: string }>(row.invoices)) existing.set(r.external_id, { id: r.id, account_id: r.account_id, content_hash: r.content_hash });
  return { accounts, existing };
}

/** A jsonb column as the driver hands it: parsed by pg, a string on the embedded database. */
function json<Row>(value: unknown): Row[] {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Row[];
}

/**
 * The new documents with their lines and statement movements in one statement for the whole
 * batch, rows passed as JSON arrays and read with each table's own row type (lines and movements
 * find their invoice by its externalId). A row that would collide with any unique key (the same id
 * or fiscal number stored meanwhile) is left out rather than failing the batch, and so are its
 * lines and movement; the caller hands it to the one-by-one path, which says why.
 */
async function insertPlain(sql: Sql, tenantId: string, plain: Plain[]): Promise<Map<string, number>> {
  if (!plain.length) return new Map();
  const sorted = [...plain].sort((a, b) => (a.doc.externalId < b.doc.externalId ? -1 : 1));
  const invoices = sorted.map(({ doc, account, hash }) => invoiceRow(tenantId, account, doc, hash, null));
  const columns = Object.keys(invoices[0]).join(', ');
  const lines = sorted.flatMap(({ doc }) =>
    doc.lines.map((l) => ({
      external_id: doc.externalId, tenant_id: tenantId, line_no: l.lineNo, description: l.description, quantity: l.quantity,
      unit_price: l.unitPrice, vat_rate: l.vatRate, amount: l.amount,
    })),
  );
  const movements = sorted.map(({ doc, account, hash }) => ({
    external_id: doc.externalId, tenant_id: tenantId, account_id: account.id, content_hash: hash, kind: doc.kind, movement_date: doc.issueDate,
    amount: movementAmount(doc),
  }));
  const rows = await sql<{ id: number; external_id: string }>(
    `WITH inv AS (
       INSERT INTO invoices (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::invoices, ?::jsonb)
       ON CONFLICT DO NOTHING RETURNING id, external_id),
     ln AS (
       INSERT INTO invoice_lines (tenant_id, invoice_id, line_no, description, quantity, unit_price, vat_rate, amount)
       SELECT l.tenant_id, inv.id, l.line_no, l.description, l.quantity, l.unit_price, l.vat_rate, l.amount
       FROM jsonb_array_elements(?::jsonb) e CROSS JOIN LATERAL jsonb_populate_record(NULL::invoice_lines, e) l
       JOIN inv ON inv.external_id = e->>'external_id'),
     mv AS (
       INSERT INTO account_movements (tenant_id, account_id, content_hash, kind, movement_date, amount, invoice_id)
       SELECT m.tenant_id, m.account_id, m.content_hash, m.kind, m.movement_date, m.amount, inv.id
       FROM jsonb_array_elements(?::jsonb) e CROSS JOIN LATERAL jsonb_populate_record(NULL::account_movements, e) m
       JOIN inv ON inv.external_id = e->>'external_id')
     SELECT id, external_id FROM inv`,
    [JSON.stringify(invoices), JSON.stringify(lines), JSON.stringify(movements)],
  );
  return new Map(rows.map((r) => [r.external_id, r.id]));
}
