import type pg from 'pg';
import type { ApplyCounts, ImportContext, ImportKind, RowProblem } from './import-kind.ts';
import { stageRows } from './stage.ts';

export interface PreparedRows {
  /** The batch's line numbers (what reports need of its rows once they are prepared). */
  rows: { row: number }[];
  staged: { row: number; values: unknown[] }[];
  problems: RowProblem[];
}

/**
 * What one try at a batch came to: written (or rolled back by a dry run) with counts, or refused;
 * `applyFailed` when the database refused the write itself.
 */
export type BatchOutcome = { counts: ApplyCounts; problems?: undefined } | { counts?: undefined; problems: RowProblem[]; applyFailed?: boolean };

/**
 * Stages, checks and applies one batch in one transaction; any problem or database error rolls
 * it back whole. Nothing is recorded in the report here, so a batch can be tried again.
 */
export async function attemptBatch(
  client: pg.ClientBase,
  ctx: ImportContext,
  o: { kind: ImportKind; useCopy: boolean; dryRun: boolean },
  batch: PreparedRows,
  verify: boolean,
): Promise<BatchOutcome> {
  const problems = [...batch.problems];
  let applying = false;
  await client.query('BEGIN');
  try {
    await client.query(`CREATE TEMP TABLE import_stage (row_no integer NOT NULL, ${o.kind.staging}) ON COMMIT DROP`);
    await stageRows(client, batch.staged, o.useCopy);
    problems.push(...(await duplicateKeys(ctx, o.kind)));
    if (o.kind.check) problems.push(...(await o.kind.check(ctx)));
    // A batch refused anyway is reported in full.
    if ((verify || problems.length) && o.kind.verify) problems.push(...(await o.kind.verify(ctx)));
    if (problems.length) {
      await client.query('ROLLBACK');
      return { problems };
    }
    applying = true;
    const counts = await o.kind.apply(ctx);
    await client.query(o.dryRun ? 'ROLLBACK' : 'COMMIT');
    return { counts };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    const e = err as Error & { detail?: string };
    return {
      problems: [...problems, { row: batch.rows[0].row, field: '', reason: `batch failed in the database: ${e.message}${e.detail ? ` (${e.detail})` : ''}` }],
      applyFailed: applying,
    };
  }
}

export interface BatchTally {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows of failed batches that had nothing wrong themselves: not written either. */
  heldBack: number;
  problems: RowProblem[];
  failedBatches: { first: number; last: number; rows: number }[];
}

export function recordOutcome(report: BatchTally, batch: PreparedRows, outcome: BatchOutcome): void {
  report.rows += batch.rows.length;
  if (outcome.counts) {
    report.inserted += outcome.counts.inserted;
    report.updated += outcome.counts.updated;
    report.unchanged += batch.staged.length - outcome.counts.inserted - outcome.counts.updated;
    return;
  }
  const bad = new Set(outcome.problems.map((p) => p.row));
  report.problems.push(...outcome.problems.sort((a, b) => a.row - b.row));
  report.heldBack += batch.rows.filter((r) => !bad.has(r.row)).length;
  report.failedBatches.push({ first: batch.rows[0].row, last: batch.rows.at(-1)!.row, rows: batch.rows.length });
}

/**
 * `INSERT … ON CONFLICT` cannot touch one row twice: a second row with the same id in a batch is
 * reported instead. Keys seen twice are found by hashing, so the batch is sorted only when it has some.
 */
async function duplicateKeys(ctx: ImportContext, kind: ImportKind): Promise<RowProblem[]> {
  const rows = await ctx.query<{ row_no: number; first: number }>(
    `SELECT row_no, first FROM (
       SELECT row_no, first_value(row_no) OVER (PARTITION BY ${kind.key} ORDER BY row_no) AS first FROM import_stage
       WHERE ${kind.key} IN (SELECT ${kind.key} FROM import_stage GROUP BY 1 HAVING count(*) > 1)) s
     WHERE row_no <> first`,
  );
  const field = kind.key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return rows.map((r) => ({ row: r.row_no, field, reason: `the same id as row ${r.first}` }));
}
