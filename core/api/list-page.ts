import { ApiError } from './api-error.ts';

export interface ListQuery {
  limit: number;
  cursor?: string;
  updated_since?: string;
}

/** The query string every list endpoint takes; resources add their own filters beside these. */
export function listQuerySchema(filters: Record<string, object> = {}) {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 100, description: 'Items per page.' },
      cursor: { type: 'string', maxLength: 200, description: '`nextCursor` of the previous page; continues right after it.' },
      updated_since: { type: 'string', format: 'date-time', description: 'Only records changed at or after this instant (ISO 8601).' },
      ...filters,
    },
  } as const;
}

/** The envelope of a page, for response schemas. */
export function pageSchema(item: object) {
  return {
    type: 'object',
    required: ['items', 'nextCursor', 'hasMore'],
    properties: {
      items: { type: 'array', items: item },
      nextCursor: {
        type: ['string', 'null'],
        description: 'Pass as `cursor` for the next page. Kept after the last page too: later changes follow it, so a sync resumes from there.',
      },
      hasMore: { type: 'boolean' },
    },
  } as const;
}

/** `(updated_at, id)` of the last item, opaque to clients so the ordering can change without breaking them. */
export function encodeCursor(at: string, id: number | string): string {
  return Buffer.from(JSON.stringify([at, String(id)])).toString('base64url');
}

export function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const [at, id] = Array.isArray(parsed) ? (parsed as unknown[]) : [];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && /^\d{1,19}$/.test(id)) return { at, id };
  } catch {
    // reported below
  }
  throw new ApiError(400, 'cursor: not a cursor this API handed out', [{ field: 'cursor', in: 'querystring', message: 'is not a cursor this API handed out' }]);
}

/** Microseconds kept: rows written in the same millisecond must not be skipped or repeated. */
export function cursorColumn(alias: string, column = 'updated_at'): string {
  return `to_char(${alias}.${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`;
}

/**
 * The WHERE and ORDER BY fragments of a list in (updated_at, id) order, with `?` placeholders.
 * `column` is the time the list pages by (`created_at` for records that never change).
 */
export function pageClause(q: ListQuery, alias: string, column = 'updated_at'): { where: string; params: unknown[]; tail: string } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.updated_since) {
    where.push(`${alias}.${column} >= ?::timestamptz`);
    params.push(q.updated_since);
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(`(${alias}.${column}, ${alias}.id) > (?::timestamptz, ?)`);
    params.push(c.at, Number(c.id));
  }
  return {
    where: where.length ? ` AND ${where.join(' AND ')}` : '',
    params,
    tail: ` ORDER BY ${alias}.${column}, ${alias}.id LIMIT ${Math.trunc(q.limit) + 1}`,
  };
}

/**
 * ` AND column = ?` for each filter the client sent (undefined and '' are "not filtering"), with
 * its parameters, to put between a list's own WHERE and `pageClause`'s. Columns come from code,
 * never from the request.
 */
export function equalsFilter(filters: [column: string, value: string | number | undefined][]): { where: string; params: unknown[] } {
  const sent = filters.filter(([, value]) => value !== undefined && value !== '');
  return { where: sent.map(([column]) => ` AND ${column} = ?`).join(''), params: sent.map(([, value]) => value) };
}

/** Rows fetched with one extra (to tell whether more follow) as a page. */
export function toPage<R extends { cursor_at: string; id: number | string }, T>(rows: R[], q: ListQuery, map: (row: R) => T) {
  const hasMore = rows.length > q.limit;
  const items = hasMore ? rows.slice(0, q.limit) : rows;
  const last = items.at(-1);
  return {
    items: items.map(map),
    nextCursor: last ? encodeCursor(last.cursor_at, last.id) : (q.cursor ?? null),
    hasMore,
  };
}

export function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
