import { PassThrough, Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { formatDate } from '../i18n/format.ts';
import { localDateTime } from '../i18n/zoned-time.ts';
import { lazyModule } from '../lazy-module.ts';
import { CSV_BOM, CSV_SEPARATOR, csvCell, csvMoney, csvText } from './csv-cells.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportValue = string | number | Date | null | undefined;

/**
 * One column of an export: its header (already translated), how to read it from a row, and what it
 * holds. `money` is a number with two decimals, `date` a calendar day (a `YYYY-MM-DD` text or an
 * instant), `datetime` an instant shown in the tenant's zone; anything else is text.
 */
export interface ExportColumn<Row> {
  header: string;
  value: (row: Row) => ExportValue;
  type?: 'text' | 'number' | 'money' | 'date' | 'datetime';
  /** Characters, for the spreadsheet; 16 when left out. */
  width?: number;
}

export interface TableExport<Row> {
  format: ExportFormat;
  /** The download's name without its extension (`tickets-2026-12-07`). */
  fileName: string;
  /** The spreadsheet's tab; the file name when left out. */
  sheetName?: string;
  columns: ExportColumn<Row>[];
  /** Pulled as the file is written: a cursor (`sqlCursor`) keeps 100,000 rows out of memory. */
  rows: AsyncIterable<Row>;
  /** The tenant's zone, for dates and times. */
  timezone: string;
}

/** `csv` or `xlsx` from a route parameter or query value; null for anything else. */
export function exportFormat(value: unknown): ExportFormat | null {
  return EXPORT_FORMATS.includes(value as ExportFormat) ? (value as ExportFormat) : null;
}

/**
 * Streams the rows to the reply as a CSV or an XLSX file: headers sent at once, the rows written
 * as the iterator yields them and the client reads them. A failure half way cuts the download
 * (the client sees a broken transfer, never a file that looks complete).
 */
export function sendTableExport<Row>(reply: FastifyReply, e: TableExport<Row>): FastifyReply {
  const name = `${e.fileName.replace(/[^\w.-]/g, '_')}.${e.format}`;
  reply.header('content-disposition', `attachment; filename="${name}"`);
  if (e.format === 'csv') return reply.type('text/csv; charset=utf-8').send(Readable.from(csvChunks(e), { objectMode: false, highWaterMark: CHUNK }));
  const out = new PassThrough();
  writeXlsx(e, out).catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(out);
}

/** Lines go out in chunks of about this many characters: one write per row would cost more than the rows. */
const CHUNK = 16_384;

async function* csvChunks<Row>(e: TableExport<Row>): AsyncGenerator<string> {
  let chunk = CSV_BOM + e.columns.map((c) => csvCell(csvText(c.header))).join(CSV_SEPARATOR) + '\r\n';
  for await (const row of e.rows) {
    chunk += e.columns.map((c) => csvCell(csvValue(c, c.value(row), e.timezone))).join(CSV_SEPARATOR) + '\r\n';
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

function csvValue<Row>(column: ExportColumn<Row>, value: ExportValue, timezone: string): string {
  if (value === null || value === undefined || value === '') return '';
  switch (column.type) {
    case 'money':
      return csvMoney(value instanceof Date ? NaN : value);
    case 'number':
      return typeof value === 'number' ? String(value).replace('.', ',') : csvText(String(value));
    case 'date':
      return typeof value === 'string' && DAY.test(value) ? `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}` : formatDate(value, timezone);
    case 'datetime':
      return formatDate(value, timezone, true);
    default:
      return csvText(value instanceof Date ? formatDate(value, timezone, true) : String(value));
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER_FORMATS: Partial<Record<NonNullable<ExportColumn<unknown>['type']>, string>> = {
  money: '#,##0.00',
  number: '0.##',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
};

/** Loaded with the first export asked for, not at every start. */
const excel = lazyModule(async () => (await import('exceljs')).default);

/**
 * exceljs's streaming writer: each row is committed (written to the zip) as it comes, so the
 * workbook is never whole in memory. Dates go in as the tenant's wall-clock time, since a
 * spreadsheet cell has no zone; amounts as numbers, so they add up.
 */
async function writeXlsx<Row>(e: TableExport<Row>, out: PassThrough): Promise<void> {
  const ExcelJS = await excel();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet((e.sheetName ?? e.fileName).replace(/[*?:\\/[\]]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = e.columns.map((c, i) => ({ key: String(i), width: c.width ?? 16, style: NUMBER_FORMATS[c.type ?? 'text'] ? { numFmt: NUMBER_FORMATS[c.type ?? 'text'] } : {} }));
  const header = sheet.addRow(e.columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  let written = 0;
  for await (const row of e.rows) {
    sheet.addRow(e.columns.map((c) => xlsxValue(c, c.value(row), e.timezone))).commit();
    // exceljs buffers what the zip has not compressed yet, with no backpressure of its own: give
    // the zip a turn of the event loop now and then, and wait while the client is behind.
    if (++written % 200 === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      while (out.writableNeedDrain && !out.destroyed) await new Promise((resolve) => out.once('drain', resolve).once('close', resolve));
    }
    // The client went away: stop reading (leaving the loop closes the cursor).
    if (out.destroyed) return;
  }
  sheet.commit();
  await book.commit();
}

function xlsxValue<Row>(column: ExportColumn<Row>, value: ExportValue, timezone: string): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  switch (column.type) {
    case 'money':
    case 'number': {
      const n = Number(value);
      return Number.isFinite(n) ? n : null;
    }
    case 'date':
      if (typeof value === 'string' && DAY.test(value)) return new Date(`${value}T00:00:00Z`);
      return wallClock(value, timezone, true);
    case 'datetime':
      return wallClock(value, timezone, false);
    default:
      return value instanceof Date ? formatDate(value, timezone, true) : String(value);
  }
}

/** The instant's date and time in `timezone`, as the UTC date a spreadsheet shows as they are. */
function wallClock(value: string | number | Date, timezone: string, dayOnly: boolean): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const local = localDateTime(date, timezone);
  return new Date(`${dayOnly ? local.slice(0, 10) + 'T00:00' : local}:00Z`);
}
