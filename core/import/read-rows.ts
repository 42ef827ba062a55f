import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { csvRecords } from './csv-records.ts';
import type { ImportKind, RowProblem } from './import-kind.ts';

export type FileRow = { row: number; value: Record<string, any>; problem?: undefined } | { row: number; value?: undefined; problem: RowProblem };

export type FileFormat = 'csv' | 'jsonl';

export function formatOf(file: string): FileFormat | null {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  return null;
}

/** Rows of a CSV (header line first) or JSON Lines file, each with its line number; `progress` gets bytes read. */
export async function* readRows(file: string, format: FileFormat, kind: ImportKind, progress: (bytes: number) => void): AsyncGenerator<FileRow> {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  let bytes = 0;
  stream.on('data', (chunk) => progress((bytes += chunk.length)));
  if (format === 'jsonl') {
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line++;
      if (!text.trim()) continue;
      try {
        const value: unknown = JSON.parse(text);
        if (value && typeof value === 'object' && !Array.isArray(value)) yield { row: line, value: value as Record<string, unknown> };
        else yield { row: line, problem: { row: line, field: '', reason: 'is not a JSON object' } };
      } catch (err) {
        yield { row: line, problem: { row: line, field: '', reason: `is not valid JSON (${(err as Error).message})` } };
      }
    }
    return;
  }
  stream.setEncoding('utf8');
  let columns: Column[] | null = null;
  for await (const record of csvRecords(stream as AsyncIterable<string>)) {
    if (!columns) {
      columns = record.cells.map((h) => column(h.trim(), kind.csvTypes ?? {}));
      continue;
    }
    yield fromCells(record.line, columns, record.cells);
  }
}

interface Column {
  name: string;
  /** Set for dotted headers: where in the nested value the cell goes. */
  path: string[] | null;
  type: 'number' | 'integer' | 'boolean' | 'json' | undefined;
}

function column(name: string, types: NonNullable<ImportKind['csvTypes']>): Column {
  return { name, path: name.includes('.') ? name.split('.') : null, type: types[name] };
}

/** Text cells as the values the schema expects; dotted headers nest (`authorization.code`). */
function fromCells(line: number, columns: Column[], cells: string[]): FileRow {
  if (cells.length > columns.length) return { row: line, problem: { row: line, field: '', reason: `has ${cells.length} cells, the header names ${columns.length}` } };
  const value: Record<string, any> = {};
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === '') continue;
    const col = columns[i];
    let typed: unknown = cell;
    if (col.type === 'number' || col.type === 'integer') {
      const n = Number(cell.trim());
      typed = cell.trim() !== '' && Number.isFinite(n) ? n : cell;
    } else if (col.type === 'boolean') {
      const t = cell.trim().toLowerCase();
      typed = ['true', '1', 'yes', 'si', 'sí'].includes(t) ? true : ['false', '0', 'no'].includes(t) ? false : cell;
    } else if (col.type === 'json') {
      try {
        typed = JSON.parse(cell);
      } catch {
        return { row: line, problem: { row: line, field: col.name, reason: 'is not valid JSON' } };
      }
    }
    if (!col.path) {
      value[col.name] = typed;
      continue;
    }
    let node: Record<string, unknown> = value;
    for (let k = 0; k < col.path.length - 1; k++) node = (node[col.path[k]] ??= {}) as Record<string, unknown>;
    node[col.path[col.path.length - 1]] = typed;
  }
  return { row: line, value };
}
