import type { ImportContext, RowProblem } from './import-kind.ts';

/** Rows naming an account number the tenant does not have (`account_number` in the staging table). */
export function unknownAccounts(ctx: ImportContext): Promise<RowProblem[]> {
  return problemsOf(
    ctx,
    `SELECT s.row_no, 'accountNumber' AS field, 'is not a known account' AS reason FROM import_stage s
     WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = $1 AND a.number = s.account_number)`,
  );
}

/** A query returning (row_no, field, reason) with `$1` the tenant id, as problems. */
export async function problemsOf(ctx: ImportContext, sql: string, params: unknown[] = []): Promise<RowProblem[]> {
  const rows = await ctx.query<{ row_no: number; field: string; reason: string }>(sql, [ctx.tenant.id, ...params]);
  return rows.map((r) => ({ row: r.row_no, field: r.field, reason: r.reason }));
}
