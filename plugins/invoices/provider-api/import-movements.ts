import { type ImportKind, type RowProblem, problemsOf, upsertCounts } from 'portal/sdk';
import { toCents } from '../domain/money.ts';
import { readAmount } from '../data/amounts.ts';
import { contentHash } from '../data/content-hash.ts';
import { inputSchemas, type MovementInput } from '../data/input-schemas.ts';
import { accountsByNumber, rowProblems } from './import-lookups.ts';

/** Movements that are neither invoices nor payments (adjustments, interest), with the service's sign rules and hash. */
export const movementsImport: ImportKind = {
  kind: 'movements',
  description: 'Statement movements other than invoices and payments (adjustments, interest), by your id.',
  schema: inputSchemas.movement,
  staging: 'external_id varchar(64), account_id integer, content_hash char(64), kind varchar(16), movement_date date, description varchar(255), amount numeric(14,2)',
  key: 'external_id',

  async prepare(rows, ctx) {
    const accounts = await accountsByNumber(ctx, rows.map((r) => String(r.value.accountNumber)));
    const problems: RowProblem[] = [];
    const out: { row: number; values: unknown[] }[] = [];
    for (const { row, value } of rows) {
      // The engine has checked each row against `schema` before it gets here.
      const m = value as MovementInput;
      const found: string[] = [];
      const amount = readAmount(m.amount, 'amount', found);
      const cents = toCents(amount);
      if ((m.kind === 'payment' || m.kind === 'credit_note') && cents >= 0) found.push(`amount: a ${m.kind} is a credit, so it must be negative`);
      if ((m.kind === 'invoice' || m.kind === 'debit_note') && cents <= 0) found.push(`amount: a ${m.kind} is a charge, so it must be positive`);
      const account = accounts.get(m.accountNumber);
      if (!account) found.push(`accountNumber: no account "${m.accountNumber}"`);
      if (found.length) {
        problems.push(...rowProblems(row, found));
        continue;
      }
      const hash = contentHash({ accountId: account!.id, date: m.date, kind: m.kind, description: m.description, amount });
      out.push({ row, values: [m.externalId, account!.id, hash, m.kind, m.date, m.description, amount] });
    }
    return { rows: out, problems };
  },

  check: (ctx) =>
    problemsOf(
      ctx,
      `SELECT s.row_no, 'accountNumber' AS field, 'movement "' || s.external_id || '" belongs to another account' AS reason
       FROM import_stage s JOIN account_movements m ON m.tenant_id = $1 AND m.external_id = s.external_id AND m.account_id <> s.account_id`,
    ),

  async apply(ctx) {
    return upsertCounts(
      await ctx.query(
        `INSERT INTO account_movements AS m (tenant_id, account_id, external_id, content_hash, kind, movement_date, description, amount)
         SELECT $1, account_id, external_id, content_hash, kind, movement_date, description, amount FROM import_stage
         ON CONFLICT (tenant_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
           content_hash = EXCLUDED.content_hash, kind = EXCLUDED.kind, movement_date = EXCLUDED.movement_date,
           description = EXCLUDED.description, amount = EXCLUDED.amount
         WHERE m.content_hash IS DISTINCT FROM EXCLUDED.content_hash
         RETURNING (xmax = 0) AS inserted`,
        [ctx.tenant.id],
      ),
    );
  },
};
