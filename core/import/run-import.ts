import { statSync } from 'node:fs';
import pg from 'pg';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Tenant } from '../tenants/tenant.ts';
import { fieldProblems } from '../api/validation.ts';
import type { ImportContext, ImportKind, ImportRow, RowProblem } from './import-kind.ts';
import { readRows, type FileFormat, type FileRow } from './read-rows.ts';
import { stageRows } from './stage.ts';

const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const DATE_OID = 1082;

export interface ImportOptions {
  databaseUrl: string;
  /** COPY works on a PostgreSQL server, not through the embedded database's socket. */
  useCopy: boolean;
  tenant: Tenant;
  settings: Record<string, any>;
  kind: ImportKind;
  file: string;
  format: FileFormat;
  dryRun: boolean;
  batchSize: number;
  formats?: Record<string, (value: string) => boolean>;
  onProgress?(progress: ImportProgress): void;
}

export interface ImportProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
  rejected: number;
  batches: number;
}

export interface ImportReport {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows of failed batches that had nothing wrong themselves: not written either. */
  heldBack: number;
  problems: RowProblem[];
  failedBatches: { first: number; last: number; rows: number }[];
  batches: number;
  dryRun: boolean;
  ms: number;
}

/**
 * Reads the file in batches. Each batch is checked against the schema and prepared (lookups on a
 * second, read-only connection) while the previous batch is written, then staged in a temporary
 * table, checked there and written by the kind's set-based SQL in one transaction. A batch with
 * any problem, or any error, rolls back whole; a dry run rolls back every batch after doing all
 * the work, so it reports exactly what a real run would.
 */
export async function runImport(o: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false }));
  for (const [name, validate] of Object.entries(o.formats ?? {})) ajv.addFormat(name, { type: 'string', validate });
  const validate = ajv.compile(o.kind.schema);
  // The embedded database runs one statement at a time and has few connections: nothing to gain
  // from a second one there, so batches are prepared and written in turn.
  const overlap = o.useCopy;
  const writer = connect(o.databaseUrl);
  const reader = overlap ? connect(o.databaseUrl) : writer;
  await Promise.all([writer, ...(overlap ? [reader] : [])].map(open));
  const memo = new Map<string, unknown>();
  const context = (client: pg.Client): ImportContext => ({
    tenant: o.tenant,
    settings: o.settings,
    query: async (sql, params = []) => (await client.query(sql, params)).rows,
    memo,
  });
  const report: ImportReport = { rows: 0, inserted: 0, updated: 0, unchanged: 0, heldBack: 0, problems: [], failedBatches: [], batches: 0, dryRun: o.dryRun, ms: 0 };
  const progress: ImportProgress = { bytes: 0, totalBytes: statSync(o.file).size, rows: 0, rejected: 0, batches: 0 };
  const rows = readRows(o.file, o.format, o.kind, (bytes) => (progress.bytes = bytes))[Symbol.asyncIterator]();
  const nextBatch = async (): Promise<PreparedRows> => {
    const batch: FileRow[] = [];
    while (batch.length < o.batchSize) {
      const next = await rows.next();
      if (next.done) break;
      batch.push(next.value);
    }
    return prepareRows(batch, validate, o.kind, context(reader));
  };
  try {
    let pending = nextBatch();
    for (;;) {
      const batch = await pending;
      if (!batch.rows.length) break;
      if (overlap) {
        pending = nextBatch();
        // Awaited on the next turn; this only keeps a read error during a failing batch from going unhandled.
        pending.catch(() => {});
      }
      await writeBatch(writer, context(writer), o, batch, report);
      if (!overlap) pending = nextBatch();
      report.batches++;
      Object.assign(progress, { rows: report.rows, rejected: report.problems.length, batches: report.batches });
      o.onProgress?.(progress);
    }
  } finally {
    await Promise.allSettled([writer.end(), ...(overlap ? [reader.end()] : [])]);
  }
  report.ms = performance.now() - started;
  return report;
}

/**
 * A batch's statements each take a second or more over tens of thousands of rows: JIT compiling
 * them costs more than it saves, and the staging table (temporary, so in the session's own
 * buffers) should stay in memory rather than spill to disk at the default 8 MB.
 */
async function open(client: pg.Client): Promise<void> {
  await client.connect();
  await client.query(`SET jit = off; SET temp_buffers = '128MB'; SET work_mem = '64MB'`);
}

/** Calendar days stay `YYYY-MM-DD` text, as the ORM's connection hands them to plugins. */
function connect(url: string): pg.Client {
  const getTypeParser = (oid: number, format?: any) => (oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format));
  return new pg.Client({ connectionString: url, application_name: 'portal-import', types: { getTypeParser } as never });
}

interface PreparedRows {
  rows: FileRow[];
  staged: { row: number; values: unknown[] }[];
  problems: RowProblem[];
}

/** Everything that needs no transaction: unreadable rows, schema failures, the kind's checks and lookups. */
async function prepareRows(rows: FileRow[], validate: ReturnType<Ajv['compile']>, kind: ImportKind, ctx: ImportContext): Promise<PreparedRows> {
  const problems: RowProblem[] = [];
  const valid: ImportRow[] = [];
  for (const r of rows) {
    if (r.problem) problems.push(r.problem);
    else if (validate(r.value)) valid.push({ row: r.row, value: r.value });
    else for (const p of fieldProblems(validate.errors ?? [], 'row')) problems.push({ row: r.row, field: p.field, reason: p.message });
  }
  if (!rows.length) return { rows, staged: [], problems };
  try {
    const prepared = await kind.prepare(valid, ctx);
    return { rows, staged: prepared.rows, problems: [...problems, ...prepared.problems] };
  } catch (err) {
    return { rows, staged: [], problems: [...problems, { row: rows[0].row, field: '', reason: `batch could not be prepared: ${(err as Error).message}` }] };
  }
}

async function writeBatch(client: pg.Client, ctx: ImportContext, o: ImportOptions, batch: PreparedRows, report: ImportReport): Promise<void> {
  const problems = [...batch.problems];
  report.rows += batch.rows.length;
  await client.query('BEGIN');
  try {
    await client.query(`CREATE TEMP TABLE import_stage (row_no integer NOT NULL, ${o.kind.staging}) ON COMMIT DROP`);
    await stageRows(client, batch.staged, o.useCopy);
    problems.push(...(await duplicateKeys(ctx, o.kind)));
    if (o.kind.check) problems.push(...(await o.kind.check(ctx)));
    if (problems.length) {
      await client.query('ROLLBACK');
      fail(report, batch.rows, problems);
      return;
    }
    const counts = await o.kind.apply(ctx);
    await client.query(o.dryRun ? 'ROLLBACK' : 'COMMIT');
    report.inserted += counts.inserted;
    report.updated += counts.updated;
    report.unchanged += batch.staged.length - counts.inserted - counts.updated;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    const e = err as Error & { detail?: string };
    fail(report, batch.rows, [...problems, { row: batch.rows[0].row, field: '', reason: `batch failed in the database: ${e.message}${e.detail ? ` (${e.detail})` : ''}` }]);
  }
}

function fail(report: ImportReport, batch: FileRow[], problems: RowProblem[]): void {
  const bad = new Set(problems.map((p) => p.row));
  report.problems.push(...problems.sort((a, b) => a.row - b.row));
  report.heldBack += batch.filter((r) => !bad.has(r.row)).length;
  report.failedBatches.push({ first: batch[0].row, last: batch.at(-1)!.row, rows: batch.length });
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
