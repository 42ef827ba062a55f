import { type ImportKind, type RowProblem, problemsOf } from 'portal/sdk';
import { fromCents, toCents } from '../domain/money.ts';
import { issuedTypes, type InvoicesSettings } from '../settings.ts';
import { afipDocType } from '../data/accounts.ts';
import { contentHash } from '../data/content-hash.ts';
import { InvoiceInputError } from '../data/input-error.ts';
import { inputSchemas, type InvoiceInput } from '../data/input-schemas.ts';
import { normalizeInvoice } from '../data/normalize-invoice.ts';
import { isNotifiable } from '../data/notify-new-invoice.ts';
import { accountsByNumber, rowProblems } from './import-lookups.ts';
import { settleSql } from './settle-sql.ts';

const COLUMNS = [
  'external_id', 'account_id', 'content_hash', 'type_code', 'point_of_sale', 'number', 'issue_date', 'period', 'service_from', 'service_to',
  'due_date', 'second_due_date', 'second_due_total', 'currency', 'exchange_rate', 'net_amount', 'exempt_amount', 'vat_amount', 'other_taxes',
  'total', 'cancelled', 'authorization_type', 'authorization_code', 'authorization_due_date', 'service_type', 'product', 'recipient_name',
  'recipient_doc_type', 'recipient_doc_number', 'recipient_vat_condition', 'recipient_address',
];
const UPDATABLE = COLUMNS.filter((c) => !['external_id', 'account_id'].includes(c));
/** `$1`, the tenant, as a value the planner estimates as the average tenant's (see check). */
const TENANT = '(SELECT $1::varchar)';

/**
 * Invoices, debit and credit notes, as `PUT /invoices/{externalId}` takes them, set-based: the same
 * normalisation and content hash as the invoice service (so loading by API later changes nothing),
 * the same current-account movement per document, and credit notes settle what they point to.
 * Unlike the service, a bulk load emits no events, and sends no emails unless the tenant turned on
 * `notifyImported`: then each new document the service would have emailed gets a row in
 * invoice_pending_notices, and the notify-imported job sends them within the minute, so the
 * load itself does no PDF or mail work.
 */
export const invoicesImport: ImportKind = {
  kind: 'invoices',
  description: 'Invoices, debit and credit notes by your id (lines as a JSON column in CSV); emails new ones only with the notifyImported setting.',
  schema: inputSchemas.invoice,
  csvTypes: { typeCode: 'integer', cancelled: 'boolean', 'recipient.docType': 'integer', lines: 'json' },
  staging: `external_id varchar(64), account_id integer, content_hash char(64), type_code smallint, point_of_sale integer, number integer,
    issue_date date, period char(7), service_from date, service_to date, due_date date, second_due_date date, second_due_total numeric(14,2),
    currency char(3), exchange_rate numeric(14,6), net_amount numeric(14,2), exempt_amount numeric(14,2), vat_amount numeric(14,2),
    other_taxes numeric(14,2), total numeric(14,2), cancelled boolean, authorization_type char(1), authorization_code char(14),
    authorization_due_date date, service_type varchar(64), product varchar(255), recipient_name varchar(255), recipient_doc_type smallint,
    recipient_doc_number varchar(20), recipient_vat_condition varchar(64), recipient_address varchar(255),
    related_external_id varchar(64), kind varchar(16), movement_amount numeric(14,2), lines jsonb, notify boolean`,
  key: 'external_id',

  async prepare(rows, ctx) {
    const settings = ctx.settings as InvoicesSettings;
    const allowedTypes = issuedTypes(settings);
    const accounts = await accountsByNumber(ctx, rows.map((r) => String(r.value.accountNumber)));
    const problems: RowProblem[] = [];
    const out: { row: number; values: unknown[] }[] = [];
    for (const { row, value } of rows) {
      if (value.originalPdf) {
        problems.push({ row, field: 'originalPdf', reason: 'send PDFs with PUT /api/v1/invoices/{externalId}, not in a bulk file' });
        continue;
      }
      let doc;
      try {
        doc = normalizeInvoice(value as InvoiceInput, allowedTypes, { schemaChecked: true });
      } catch (err) {
        if (!(err instanceof InvoiceInputError)) throw err;
        problems.push(...rowProblems(row, err.problems));
        continue;
      }
      const account = accounts.get(doc.accountNumber);
      if (!account) {
        problems.push({ row, field: 'accountNumber', reason: `no account "${doc.accountNumber}"` });
        continue;
      }
      const r = doc.recipient;
      const sign = doc.kind === 'credit_note' ? -1 : 1;
      out.push({
        row,
        values: [
          doc.externalId, account.id, contentHash({ ...doc, accountId: account.id, originalPdf: null }), doc.typeCode, doc.pointOfSale, doc.number,
          doc.issueDate, doc.period, doc.serviceFrom, doc.serviceTo, doc.dueDate, doc.secondDueDate, doc.secondDueTotal, doc.currency,
          doc.exchangeRate, doc.netAmount, doc.exemptAmount, doc.vatAmount, doc.otherTaxes, doc.total, doc.cancelled, doc.authorizationType,
          doc.authorizationCode, doc.authorizationDueDate, doc.serviceType, doc.product, r.name ?? account.holderName,
          r.docType ?? afipDocType(account.documentType), r.docNumber ?? account.documentNumber.replace(/\D/g, ''), r.vatCondition, r.address,
          doc.relatedInvoiceExternalId, doc.kind, doc.cancelled ? '0.00' : fromCents(sign * toCents(doc.total)),
          doc.lines.length ? doc.lines : null, isNotifiable(doc),
        ],
      });
    }
    return { rows: out, problems };
  },

  // `import_known` (the batch's ids already stored, looked up once) serves the checks and apply:
  // a row stored with the same content hash has the same account and voucher number as before,
  // so it needs neither the voucher checks nor any write. One index probe per row, written so:
  // statistics taken while the table was small (or just emptied) would otherwise have the
  // planner read all of the tenant's invoices into a hash, batch after batch. The tenant is
  // compared with `TENANT` (the value out of the planner's sight): statistics that do not know
  // this tenant (its first load, or a table emptied since) make a literal tenant look like one
  // row, every index starting with tenant_id then costs the same, and the planner took
  // invoices_tenant_period_updated, reading all of the tenant's invoices again for every row
  // (451 of 459 CPU seconds of a 200k-row bench run). Against the average tenant's share of
  // the table only the unique (tenant_id, external_id) index is a probe.
  async check(ctx) {
    await ctx.query(
      `CREATE TEMP TABLE import_known ON COMMIT DROP AS
       SELECT s.row_no, i.id, i.account_id, i.related_invoice_id, i.content_hash = s.content_hash AS same
       FROM import_stage s CROSS JOIN LATERAL (
         SELECT id, account_id, related_invoice_id, content_hash FROM invoices i WHERE i.tenant_id = ${TENANT} AND i.external_id = s.external_id LIMIT 1) i`,
      [ctx.tenant.id],
    );
    return problemsOf(
      ctx,
      `SELECT s.row_no, 'accountNumber' AS field, 'invoice "' || s.external_id || '" belongs to another account' AS reason
       FROM import_stage s JOIN import_known k ON k.row_no = s.row_no AND k.account_id <> s.account_id
       UNION ALL
       SELECT s.row_no, 'relatedInvoiceExternalId', 'no invoice "' || s.related_external_id || '" on this account'
       FROM import_stage s WHERE s.related_external_id IS NOT NULL
         -- LIMIT keeps this a probe per note, as for import_known.
         AND NOT EXISTS (SELECT 1 FROM invoices r WHERE r.tenant_id = ${TENANT} AND r.external_id = s.related_external_id AND r.account_id = s.account_id LIMIT 1)
         AND NOT EXISTS (SELECT 1 FROM import_stage r WHERE r.external_id = s.related_external_id AND r.account_id = s.account_id)`,
    );
  },

  // invoices_fiscal_number refuses these too; this names the rows. Rows stored as they are keep
  // the number they were stored with, so only the others are looked at.
  verify: (ctx) =>
    problemsOf(
      ctx,
      `WITH todo AS (
         SELECT s.* FROM import_stage s WHERE NOT EXISTS (SELECT 1 FROM import_known k WHERE k.row_no = s.row_no AND k.same))
       SELECT s.row_no, 'number' AS field, 'was already loaded under id "' || i.external_id || '"' AS reason
       FROM todo s JOIN invoices i ON i.tenant_id = $1 AND i.type_code = s.type_code AND i.point_of_sale = s.point_of_sale
         AND i.number = s.number AND i.external_id <> s.external_id
       UNION ALL
       SELECT row_no, 'number', 'is the same voucher as row ' || first FROM (
         SELECT row_no, first_value(row_no) OVER (PARTITION BY type_code, point_of_sale, number ORDER BY row_no) AS first FROM todo
         WHERE (type_code, point_of_sale, number) IN (SELECT type_code, point_of_sale, number FROM todo GROUP BY 1, 2, 3 HAVING count(*) > 1)) d
       WHERE row_no <> first`,
    ),

  async apply(ctx) {
    const q = ctx.query;
    const tenant = [ctx.tenant.id];
    const [batch] = await q<{ notes: number; lined: number; fresh: number; changed: number }>(
      `SELECT count(*) FILTER (WHERE related_external_id IS NOT NULL)::int AS notes, count(*) FILTER (WHERE lines IS NOT NULL)::int AS lined,
         count(*)::int - (SELECT count(*) FROM import_known)::int AS fresh, (SELECT count(*) FROM import_known WHERE NOT same)::int AS changed
       FROM import_stage`,
    );
    // Notes that pointed elsewhere before this batch: what they credited must be recomputed too.
    await q(`CREATE TEMP TABLE import_settle ON COMMIT DROP AS SELECT related_invoice_id AS id FROM import_known WHERE related_invoice_id IS NOT NULL`);
    await q(`CREATE TEMP TABLE import_done (id integer, external_id varchar(64), inserted boolean) ON COMMIT DROP`);
    // One statement writes the invoices and the movements of the new ones, which cannot have one
    // yet (so no arbiter look-up). Ids not stored when import_known was taken (nearly all of a
    // first load) go in by a plain INSERT: ON CONFLICT's speculative insertion, a second index
    // probe and WAL record per row, was about a sixth of the invoices' own write. One stored
    // meanwhile by someone else fails the batch on the unique key, and its second try (with
    // `verify`) finds it in import_known. Rows stored as they are (a nightly full sync) go no
    // further than import_known.
    // Each part only when it has rows: a second scan of the stage and a join with import_known
    // for no row cost an unchanged reload about as much as the rest of its write.
    const fresh = `INSERT INTO invoices (tenant_id, ${COLUMNS.join(', ')})
         SELECT $1, ${COLUMNS.join(', ')} FROM import_stage s
         WHERE NOT EXISTS (SELECT 1 FROM import_known k WHERE k.row_no = s.row_no)
         -- New ids in the file's order, whichever way the planner joins.
         ORDER BY s.row_no
         RETURNING id, external_id, true AS inserted`;
    const changed = `INSERT INTO invoices AS i (tenant_id, ${COLUMNS.join(', ')})
         SELECT $1, ${COLUMNS.map((c) => `s.${c}`).join(', ')} FROM import_stage s JOIN import_known k ON k.row_no = s.row_no AND NOT k.same
         ORDER BY s.row_no
         ON CONFLICT (tenant_id, external_id) DO UPDATE SET ${UPDATABLE.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = now()
         WHERE i.content_hash IS DISTINCT FROM EXCLUDED.content_hash
         RETURNING id, external_id, (xmax = 0) AS inserted`;
    const parts = [...(batch.fresh > 0 ? [`fresh AS (${fresh})`] : []), ...(batch.changed > 0 ? [`changed AS (${changed})`] : [])];
    const [counts] = !parts.length ? [{ inserted: 0, updated: 0 }] : await q<{ inserted: number; updated: number }>(
      `WITH ${parts.join(', ')},
       up AS (
         ${[...(batch.fresh > 0 ? ['SELECT * FROM fresh'] : []), ...(batch.changed > 0 ? ['SELECT * FROM changed'] : [])].join(' UNION ALL ')}),
       movements AS (
         ${movementsOf('up')} WHERE d.inserted),
       done AS (
         INSERT INTO import_done SELECT id, external_id, inserted FROM up)
       SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM up`,
      tenant,
    );
    const follows = counts.updated > 0 || batch.notes > 0 || batch.lined > 0 || (counts.inserted > 0 && (ctx.settings as InvoicesSettings).notifyImported);
    if (!follows) return counts;
    await q(`ANALYZE import_done`);
    // Only inserted rows: an invoice sent again, changed or not, was news the first time only.
    if ((ctx.settings as InvoicesSettings).notifyImported) {
      await q(
        `INSERT INTO invoice_pending_notices (invoice_id, tenant_id)
         SELECT d.id, $1 FROM import_done d JOIN import_stage s ON s.external_id = d.external_id WHERE d.inserted AND s.notify`,
        tenant,
      );
    }
    // New documents without a note to point at (nearly all of them) have nothing to set.
    if (counts.updated > 0 || batch.notes > 0) {
      await q(
        `UPDATE invoices i SET related_invoice_id = r.id
         FROM import_done d JOIN import_stage s ON s.external_id = d.external_id
         LEFT JOIN invoices r ON r.tenant_id = $1 AND r.external_id = s.related_external_id
         WHERE i.id = d.id AND (s.related_external_id IS NOT NULL OR NOT d.inserted) AND i.related_invoice_id IS DISTINCT FROM r.id`,
        tenant,
      );
    }
    if (counts.updated > 0) await q(`DELETE FROM invoice_lines l USING import_done d WHERE l.invoice_id = d.id AND NOT d.inserted`);
    if (batch.lined > 0) {
      await q(
        `INSERT INTO invoice_lines (tenant_id, invoice_id, line_no, description, quantity, unit_price, vat_rate, amount)
         SELECT $1, d.id, l."lineNo", l.description, l.quantity, l."unitPrice", l."vatRate", l.amount
         FROM import_done d JOIN import_stage s ON s.external_id = d.external_id
         CROSS JOIN LATERAL jsonb_to_recordset(s.lines) AS l("lineNo" smallint, description text, quantity numeric, "unitPrice" numeric, "vatRate" numeric, amount numeric)
         WHERE s.lines IS NOT NULL`,
        tenant,
      );
    }
    if (counts.updated > 0) {
      await q(
        `${movementsOf('import_done')} WHERE NOT d.inserted
         ON CONFLICT (invoice_id) DO UPDATE SET
           kind = EXCLUDED.kind, movement_date = EXCLUDED.movement_date, amount = EXCLUDED.amount, content_hash = EXCLUDED.content_hash`,
        tenant,
      );
    }
    if (batch.notes > 0) {
      await q(
        `INSERT INTO import_settle SELECT r.id FROM import_stage s
         CROSS JOIN LATERAL (SELECT id FROM invoices r WHERE r.tenant_id = ${TENANT} AND r.external_id = s.related_external_id LIMIT 1) r
         WHERE s.related_external_id IS NOT NULL`,
        tenant,
      );
    }
    if (counts.updated > 0 || batch.notes > 0) await q(settleSql('SELECT id FROM import_settle'), tenant);
    return counts;
  },
};

/** The statement movement of each written invoice in `done` (id, external_id, inserted), `$1` the tenant. */
function movementsOf(done: string): string {
  return `INSERT INTO account_movements (tenant_id, account_id, content_hash, kind, movement_date, amount, invoice_id)
     SELECT $1, s.account_id, s.content_hash, s.kind, s.issue_date, s.movement_amount, d.id
     FROM ${done} d JOIN import_stage s ON s.external_id = d.external_id`;
}
