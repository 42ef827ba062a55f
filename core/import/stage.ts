import type pg from 'pg';
import { copyIn } from './copy-in.ts';

/** The text COPY format: tab-separated, `\N` for NULL, backslash escapes; objects go in as JSON. */
export function copyLine(values: unknown[]): string {
  let line = '';
  let plain = '';
  for (let i = 0; i < values.length; i++) {
    const s = copyText(values[i]);
    if (i > 0) line += '\t';
    line += s ?? '\\N';
    if (s !== null) plain += s;
  }
  // One look over the row's text instead of one per value: nearly no row has anything to escape.
  if (!SPECIAL.test(plain)) return `${line}\n`;
  return `${values.map((v) => copyText(v)?.replace(SPECIALS, escape) ?? '\\N').join('\t')}\n`;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;

/** A value as COPY's text format reads it, before escaping; null for NULL. */
function copyText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function escape(c: string): string {
  return c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r';
}

/**
 * Loads prepared rows into `import_stage`: COPY on a PostgreSQL server; the embedded database's
 * socket does not speak the copy sub-protocol, so there multi-row INSERTs do the same job.
 */
export async function stageRows(client: pg.ClientBase, rows: { row: number; values: unknown[] }[], useCopy: boolean): Promise<void> {
  if (!rows.length) return;
  if (useCopy) {
    await copyIn(client, 'COPY import_stage FROM STDIN', chunks(rows));
    return;
  }
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

function* chunks(rows: { row: number; values: unknown[] }[]): Generator<Buffer> {
  let text = '';
  for (const r of rows) {
    text += copyLine([r.row, ...r.values]);
    if (text.length > 256 * 1024) {
      yield Buffer.from(text);
      text = '';
    }
  }
  if (text) yield Buffer.from(text);
}
