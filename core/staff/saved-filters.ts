import type { FastifyRequest } from 'fastify';
import { runSql } from '../db/run-sql.ts';

/** What the `staff-saved-filters` partial shows on a queue: the operator's filters and the form to add one. */
export interface SavedFiltersView {
  queue: string;
  path: string;
  /** The queue's current filter as a query string (no page), what "save" stores. */
  query: string;
  items: { id: number; name: string; href: string; current: boolean }[];
}

export const SAVED_FILTERS_PER_QUEUE = 20;
export const QUEUE_NAME = /^[a-z0-9][a-z0-9.-]{0,63}$/;

/** A query string kept to plain name=value pairs, without the page number, in a stable order. */
export function normaliseQuery(query: Record<string, string | undefined> | string): string {
  const entries = typeof query === 'string' ? [...new URLSearchParams(query)] : Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string');
  return new URLSearchParams(entries.filter(([k, v]) => k !== 'page' && k !== 'lang' && v !== '').sort(([a], [b]) => a.localeCompare(b))).toString();
}

/**
 * The signed-in operator's saved filters of `queue` (a plugin names its queues `<plugin>` or
 * `<plugin>.<list>`), with `current` the filter the page shows now.
 */
export async function savedFilters(request: FastifyRequest, queue: string, path: string, current: Record<string, string | undefined>): Promise<SavedFiltersView> {
  const staff = request.staff;
  const query = normaliseQuery(current);
  const rows = staff
    ? ((await runSql(
        request.em,
        `SELECT id, name, query FROM staff_saved_filters WHERE tenant_id = ? AND staff_id = ? AND queue = ? ORDER BY name, id`,
        [request.tenant.id, staff.id, queue],
      )) as { id: number; name: string; query: string }[])
    : [];
  return {
    queue,
    path,
    query,
    items: rows.map((r) => ({ id: Number(r.id), name: r.name, href: r.query ? `${path}?${r.query}` : path, current: r.query === query })),
  };
}
