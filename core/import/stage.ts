import type pg from 'pg';
import { copyIn } from './copy-in.ts';

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;

/** The text COPY format: tab-separated, `\N` for NULL, backslash escapes; objects go in as JSON. */
export function copyLine(values: unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    const v = values[i];
    if (v === null || v === undefined) {
      line += '\\N';
      continue;
    }
    // Numbers and booleans print nothing COPY would read as structure.
    if (typeof v === 'number' || typeof v === 'boolean') {
      line += v;
      continue;
    }
    const s = typeof v === 'string' ? v : typeof v !== 'object' ? String(v) : v instanceof Date ? v.toISOString() : JSON.stringify(v);
    line += SPECIAL.test(s) ? s.replace(SPECIALS, escape) : s;
  }
  return `${line}\n`;
}

function escape(c: string): string {
  return c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r';
}

/**
 * A batch's prepared rows as they will reach `import_stage`. For COPY they are encoded as soon as
 * they are prepared: the batch then waits for its writer as a few buffers outside the JS heap
 * rather than as tens of thousands of live arrays the garbage collector keeps moving and marking.
 */
export type StagedRows = { count: number; copy: Buffer[]; rows?: undefined } | { count: number; copy?: undefined; rows: { row: number; values: unknown[] }[] };

const CHUNK = 512 * 1024;

/** Adds prepared rows to `staged` (made by `emptyStaged`), encoded for COPY when that is how they will go in. */
export function addStaged(staged: StagedRows, rows: { row: number; values: unknown[] }[]): void {
  staged.count += rows.length;
  if (!staged.copy) {
    for (const r of rows) staged.rows.push(r);
    return;
  }
  // Each line is written straight into the buffer: no long string to build and flatten first.
  let buffer = Buffer.allocUnsafe(CHUNK);
  let at = 0;
  for (const r of rows) {
    const line = `${r.row}\t${copyLine(r.values)}`;
    // At most three bytes per UTF-16 unit.
    if (at + line.length * 3 > buffer.length) {
      if (at) staged.copy.push(buffer.subarray(0, at));
      buffer = Buffer.allocUnsafe(Math.max(CHUNK, line.length * 3));
      at = 0;
    }
    at += buffer.write(line, at);
  }
  if (at) staged.copy.push(buffer.subarray(0, at));
}

export function emptyStaged(useCopy: boolean): StagedRows {
  return useCopy ? { count: 0, copy: [] } : { count: 0, rows: [] };
}

/**
 * Loads staged rows into `import_stage`: COPY on a PostgreSQL server; the embedded database's
 * socket does not speak the copy sub-protocol, so there multi-row INSERTs do the same job.
 */
export async function stageRows(client: pg.ClientBase, staged: StagedRows): Promise<void> {
  if (!staged.count) return;
  if (staged.copy) {
    await copyIn(client, 'COPY import_stage FROM STDIN', staged.copy);
    return;
  }
  const rows = staged.rows;
  const width = rows[0].values.length + 1;
  const perStatement = Math.max(1, Math.floor(30_000 / width));
  for (let i = 0; i < rows.length; i += perStatement) {
    const slice = rows.slice(i, i + perStatement);
    const params: unknown[] = [];
    const tuples = slice.map((r) => {
      const start = params.length;
      params.push(r.row, ...r.values.map((v) => (v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v)));
      return `(${Array.from({ length: width }, (_, k) => `$${start + k + 1}`).join(', ')})`;
    });
    await client.query(`INSERT INTO import_stage VALUES ${tuples.join(', ')}`, params);
  }
}
