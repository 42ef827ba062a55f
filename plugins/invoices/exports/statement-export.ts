import { formatDay } from '../domain/days.ts';
import type { PresentedMovement } from '../view-models/movement-row.ts';
import type { StatementFilter } from '../data/statement.ts';

/** Everything a statement download prints, already localised, whatever the file format. */
export interface StatementExport {
  brandName: string;
  accountNumber: string;
  holderName: string;
  filter: StatementFilter;
  /** Signed: positive means the customer owes it. */
  balance: string;
  generatedAt: string;
  movements: PresentedMovement[];
  labels: {
    title: string;
    account: string;
    range: string;
    /** Said instead of dates when no range was chosen. */
    allMovements: string;
    from: string;
    to: string;
    currentBalance: string;
    generatedAt: string;
    date: string;
    concept: string;
    debit: string;
    credit: string;
    balance: string;
    page: string;
  };
}

/** `cuenta-corriente-0001-000123_2025-01-01_2025-06-30.csv` */
export function statementFileName(data: StatementExport, ext: string): string {
  const parts = [data.accountNumber.replace(/[^\w-]/g, '_')];
  if (data.filter.from || data.filter.to) parts.push(`${data.filter.from ?? 'inicio'}_${data.filter.to ?? 'hoy'}`);
  return `cuenta-corriente-${parts.join('_')}.${ext}`;
}

/**
 * The dates a download covers: the range asked for, an open end closed by the first or last
 * movement in it; with no range, "all movements" and the span they cover.
 */
export function rangeText(data: StatementExport): string {
  const { from, to } = data.filter;
  let first: string | undefined;
  let last: string | undefined;
  for (const { day } of data.movements) {
    if (first === undefined || day < first) first = day;
    if (last === undefined || day > last) last = day;
  }
  const { labels } = data;
  if (!from && !to) return first && last ? `${labels.allMovements} (${formatDay(first)} – ${formatDay(last)})` : labels.allMovements;
  const start = from ?? first;
  const end = to ?? last;
  if (start && end) return `${formatDay(start)} – ${formatDay(end)}`;
  return start ? `${labels.from} ${formatDay(start)}` : `${labels.to} ${formatDay(end!)}`;
}
