import { statSync } from 'node:fs';
import pg from 'pg';
import { Ajv } from 'ajv';
import { addFormats } from '../schema/add-formats.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { fieldProblems } from '../api/validation.ts';
import type { ImportContext, ImportKind, ImportRow, RowProblem } from './import-kind.ts';
import { readRows, type FileFormat, type FileRow } from './read-rows.ts';
import { attemptBatch, recordOutcome, type BatchTally, type PreparedRows } from './write-batch.ts';
import { batchKeys, sharesAny } from './batch-keys.ts';

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

export interface ImportReport extends BatchTally {
  batches: number;
  dryRun: boolean;
  ms: number;
}

/**
 * Reads the file in batches. Each batch is checked against the schema and prepared (lookups on a
 * read-only connection) while earlier ones are written, then staged in a temporary table, checked
 * there and written by the kind's set-based SQL in one transaction. A batch with any problem, or
 * any error, rolls back whole; a dry run rolls back every batch after doing all the work, so it
 * reports exactly what a real run would.
 *
 * On a PostgreSQL server two batches are written at once, on two connections: the writes are
 * bound by the database's per-row work (index entries, foreign-key checks), which one connection
 * keeps to one core. A batch sharing an id with the one before it waits for it, so the file's
 * later row wins; a batch refused while the one before it was still open (a credit note whose
 * invoice that batch holds, a voucher number it took) is tried again once that one is done, so a
 * problem is reported only where a one-at-a-time load would have reported it.
 */
export async function runImport(o: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false }));
  for (const [name, validate] of Object.entries(o.formats ?? {})) ajv.addFormat(name, { type: 'string', validate });
  const validate = ajv.compile(o.kind.schema);
  // The embedded database runs one statement at a time and has few connections: nothing to gain
  // from more there, so batches are prepared and written in turn on one.
  const overlap = o.useCopy;
  const writers = overlap ? [connect(o.databaseUrl), connect(o.databaseUrl)] : [connect(o.databaseUrl)];
  const reader = overlap ? connect(o.databaseUrl) : writers[0];
  const clients = overlap ? [...writers, reader] : writers;
  const memo = new Map<string, unknown>();
  const context = (client: pg.Client): ImportContext => ({
    tenant: o.tenant,
    settings: o.settings,
    query: async <T,>(sql: string, params: unknown[] = []) => (await client.query<T & pg.QueryResultRow>(sql, params)).rows,
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
  // Tries of batches under way, each told when another overlapped it, and who waits for a moment with none.
  const trying = new Set<{ company: boolean }>();
  const onQuiet: (() => void)[] = [];
  const attempt = async (w: number, batch: PreparedRows, verify: boolean) => {
    const me = { company: trying.size > 0 };
    for (const other of trying) other.company = true;
    trying.add(me);
    try {
      return { outcome: await attemptBatch(writers[w], context(writers[w]), o, batch, verify), company: me.company };
    } finally {
      trying.delete(me);
      if (!trying.size) for (const wake of onQuiet.splice(0)) wake();
    }
  };
  const write = async (w: number, batch: PreparedRows, before: InFlight | null): Promise<void> => {
    let { outcome, company } = await attempt(w, batch, false);
    // Problems found before the database (schema, lookups) would only be found again.
    if (outcome.problems && !batch.problems.length && (company || (outcome.applyFailed && o.kind.verify))) {
      // The batch before goes first; a later one only has to end its try (it waits for this one to retry).
      if (before && !before.finished) await before.done;
      else if (trying.size) await new Promise<void>((wake) => onQuiet.push(wake));
      ({ outcome } = await attempt(w, batch, true));
    }
    recordOutcome(report, batch, outcome);
    report.batches++;
    Object.assign(progress, { rows: report.rows, rejected: report.problems.length, batches: report.batches });
    o.onProgress?.(progress);
  };
  const writing: Promise<void>[] = [];
  try {
    await Promise.all(clients.map(open));
    const idle: Promise<void>[] = writers.map(() => Promise.resolve());
    let before: InFlight | null = null;
    let pending = nextBatch();
    for (let turn = 0; ; turn++) {
      const batch = await pending;
      if (!batch.rows.length) break;
      if (overlap) {
        pending = nextBatch();
        pending.catch(() => {});
      }
      const w = turn % writers.length;
      await idle[w];
      const keys = batchKeys(o.kind, batch.staged);
      if (before && sharesAny(before.keys, keys)) await before.done;
      const flight: InFlight = { keys, finished: false, done: Promise.resolve() };
      flight.done = write(w, batch, before).finally(() => (flight.finished = true));
      // Awaited below or on this writer's next turn; this only keeps a failure meanwhile from going unhandled.
      flight.done.catch(() => {});
      writing.push(flight.done);
      idle[w] = flight.done;
      before = flight;
      if (!overlap) {
        await flight.done;
        pending = nextBatch();
      }
    }
    await Promise.all(writing);
  } finally {
    await Promise.allSettled(writing);
    await Promise.allSettled(clients.map((c) => c.end()));
  }
  // Batches finish out of order when two are written at once.
  report.problems.sort((a, b) => a.row - b.row);
  report.failedBatches.sort((a, b) => a.first - b.first);
  report.ms = performance.now() - started;
  return report;
}

interface InFlight {
  keys: Set<unknown>;
  finished: boolean;
  done: Promise<void>;
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
  const getTypeParser = (oid: number, format?: 'text'): ((value: string) => unknown) => (oid === DATE_OID ? (v: string) => v : (pg.types.getTypeParser(oid, format) as (value: string) => unknown));
  return new pg.Client({ connectionString: url, application_name: 'portal-import', types: { getTypeParser } as never });
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
  // Only the line numbers stay with the batch: the parsed rows would otherwise be held, with the
  // staged values, until the batch is written, and the collector kept going over them.
  const numbers = rows.map((r) => ({ row: r.row }));
  if (!rows.length) return { rows: numbers, staged: [], problems };
  try {
    const prepared = await kind.prepare(valid, ctx);
    return { rows: numbers, staged: prepared.rows, problems: [...problems, ...prepared.problems] };
  } catch (err) {
    return { rows: numbers, staged: [], problems: [...problems, { row: rows[0].row, field: '', reason: `batch could not be prepared: ${(err as Error).message}` }] };
  }
}
