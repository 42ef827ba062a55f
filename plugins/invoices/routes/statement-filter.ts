import { isDay } from '../domain/days.ts';
import type { StatementFilter } from '../data/statement.ts';

export interface StatementQuery {
  account?: string;
  from?: string;
  to?: string;
  order?: string;
  page?: string;
}

export interface ParsedStatementQuery {
  filter: StatementFilter;
  page: number;
  /** Something in the query could not be read and was left out; the page says so. */
  invalid: boolean;
}

/**
 * Newest first unless asked otherwise: customers looking for last month's payment should not
 * have to jump to the last page. Unreadable values are dropped rather than answered with 400,
 * so a mistyped date still shows a statement.
 */
export function parseStatementQuery(q: StatementQuery): ParsedStatementQuery {
  let invalid = false;
  const day = (v: string | undefined) => {
    if (v === undefined || v === '') return null;
    if (isDay(v)) return v;
    invalid = true;
    return null;
  };
  let from = day(q.from);
  let to = day(q.to);
  if (from && to && from > to) [from, to] = [to, from];
  const order = q.order === 'asc' ? 'asc' : 'desc';
  if (q.order !== undefined && q.order !== 'asc' && q.order !== 'desc') invalid = true;
  const page = q.page && /^\d{1,6}$/.test(q.page) && Number(q.page) > 0 ? Number(q.page) : 1;
  return { filter: { from, to, order }, page, invalid };
}

/** The query string of the same filter, for pagination and download links. */
export function filterQuery(account: string, filter: StatementFilter, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams({ account });
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  params.set('order', filter.order);
  for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
  return params.toString();
}
