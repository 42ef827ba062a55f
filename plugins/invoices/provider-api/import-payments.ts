import { type ImportKind, type RowProblem, problemsOf, upsertCounts } from 'portal/sdk';
import { toCents } from '../domain/money.ts';
import { invoiceType } from '../domain/invoice-types.ts';
import { readAmount } from '../data/amounts.ts';
import { contentHash } from '../data/content-hash.ts';
import { inputSchemas, type PaymentInput } from '../data/input-schemas.ts';
import { accountsByNumber, rowProblems } from './import-lookups.ts';
import { settleSql } from './settle-sql.ts';

/**
 * Payments as `PUT /payments/{externalId}` takes them, with the service's content hash, their
 * statement movement, and every invoice they pay (or paid before a correction) settled again.
 */
export const paymentsImport: ImportKind = {
  kind: 'payments',
  description: 'Payments by your id, optionally against an invoice (invoiceExternalId), settling it.',
  schema: inputSchemas.payment,
  staging: `external_id varchar(64), account_id integer, invoice_id integer, content_hash char(64), paid_on date, amount numeric(14,2),
    method varchar(32), collector varchar(64), reference varchar(64)`,
  key: 'external_id',

  async prepare(rows, ctx) {
    const accounts = await accountsByNumber(ctx, rows.map((r) => String(r.value.accountNumber)));
    const wanted = [...new Set(rows.flatMap((r) => (r.value.invoiceExternalId ? [String(r.value.invoiceExternalId)] : [])))];
    const invoices = new Map(
      (await ctx.query<{ id: number; external_id: string; account_id: number; type_code: number }>(
        `SELECT id, external_id, account_id, type_code FROM invoices WHERE tenant_id = $1 AND external_id = ANY($2::text[])`,
        [ctx.tenant.id, wanted],
      )).map((i) => [i.external_id, i]),
    );
    const problems: RowProblem[] = [];
    const out: { row: number; values: unknown[] }[] = [];
    for (const { row, value } of rows) {
      // The engine has checked each row against `schema` before it gets here.
      const p = value as PaymentInput;
      const found: string[] = [];
      const amount = readAmount(p.amount, 'amount', found);
      if (!found.length && toCents(amount) <= 0) found.push('amount: must be greater than zero');
      const account = accounts.get(p.accountNumber);
      if (!account) found.push(`accountNumber: no account "${p.accountNumber}"`);
      let invoiceId: number | null = null;
      if (account && p.invoiceExternalId) {
        const invoice = invoices.get(p.invoiceExternalId);
        if (!invoice || invoice.account_id !== account.id) found.push(`invoiceExternalId: no invoice "${p.invoiceExternalId}" on account ${p.accountNumber}`);
        else if (invoiceType(invoice.type_code).kind === 'credit_note') found.push(`invoiceExternalId: "${p.invoiceExternalId}" is a credit note, nothing to pay`);
        else invoiceId = invoice.id;
      }
      if (found.length) {
        problems.push(...rowProblems(row, found));
        continue;
      }
      const hashed = { accountId: account!.id, invoiceId, paidOn: p.paidOn, amount, method: p.method, collector: p.collector ?? null, reference: p.reference ?? null };
      out.push({ row, values: [p.externalId, account!.id, invoiceId, contentHash(hashed), p.paidOn, amount, p.method, hashed.collector, hashed.reference] });
    }
    return { rows: out, problems };
  },

  check: (ctx) =>
    problemsOf(
      ctx,
      `SELECT s.row_no, 'accountNumber' AS field, 'payment "' || s.external_id || '" belongs to another account' AS reason
       FROM import_stage s JOIN invoice_payments p ON p.tenant_id = $1 AND p.external_id = s.external_id AND p.account_id <> s.account_id`,
    ),

  async apply(ctx) {
    const q = ctx.query;
    const tenant = [ctx.tenant.id];
    await q(
      `CREATE TEMP TABLE import_settle ON COMMIT DROP AS
       SELECT p.invoice_id AS id FROM invoice_payments p JOIN import_stage s ON s.external_id = p.external_id
       WHERE p.tenant_id = $1 AND p.invoice_id IS NOT NULL`,
      tenant,
    );
    await q(`CREATE TEMP TABLE import_done (id integer, external_id varchar(64), inserted boolean) ON COMMIT DROP`);
    const done = await q<{ inserted: boolean }>(
      `WITH up AS (
         INSERT INTO invoice_payments AS p (tenant_id, account_id, invoice_id, external_id, content_hash, paid_on, amount, method, collector, reference)
         SELECT $1, account_id, invoice_id, external_id, content_hash, paid_on, amount, method, collector, reference FROM import_stage
         ON CONFLICT (tenant_id, external_id) DO UPDATE SET
           invoice_id = EXCLUDED.invoice_id, content_hash = EXCLUDED.content_hash, paid_on = EXCLUDED.paid_on, amount = EXCLUDED.amount,
           method = EXCLUDED.method, collector = EXCLUDED.collector, reference = EXCLUDED.reference, updated_at = now()
         WHERE p.content_hash IS DISTINCT FROM EXCLUDED.content_hash
         RETURNING id, external_id, (xmax = 0) AS inserted)
       INSERT INTO import_done SELECT id, external_id, inserted FROM up RETURNING inserted`,
      tenant,
    );
    await q(
      `INSERT INTO account_movements (tenant_id, account_id, content_hash, kind, movement_date, amount, payment_id)
       SELECT $1, s.account_id, s.content_hash, 'payment', s.paid_on, -s.amount, d.id
       FROM import_done d JOIN import_stage s ON s.external_id = d.external_id
       ON CONFLICT (payment_id) WHERE payment_id IS NOT NULL DO UPDATE SET movement_date = EXCLUDED.movement_date, amount = EXCLUDED.amount, content_hash = EXCLUDED.content_hash`,
      tenant,
    );
    await q(`INSERT INTO import_settle SELECT s.invoice_id FROM import_stage s JOIN import_done d ON d.external_id = s.external_id WHERE s.invoice_id IS NOT NULL`);
    await q(settleSql('SELECT id FROM import_settle'), tenant);
    return upsertCounts(done);
  },
};

