import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlCursor } from 'portal/sdk';
import { OPEN_STATUSES, STATUSES, type Status } from '../domain/states.ts';
import type { ServiceRequestsSettings } from '../settings.ts';
import { dueSql } from './promised-times.ts';

export const PAGE_SIZE = 50;

/** `open` (the default: what needs someone), one status, or `all`. */
export type StatusFilter = 'open' | 'all' | Status;

export interface QueueFilter {
  type: string | null;
  status: StatusFilter;
  page: number;
}

export interface QueueRow {
  id: number;
  number: number;
  type: string;
  status: string;
  createdAt: Date;
  updatedAt: Date;
  accountId: number;
  accountNumber: string;
  holderName: string;
  customerId: number | null;
  customerName: string | null;
  service: string | null;
  /** The earlier promise still pending (first answer, resolution); null without one. */
  dueAt: Date | null;
  breached: boolean;
}

/** A row as the driver returns it. */
interface QueueDbRow {
  id: number;
  number: number;
  account_number: string;
  type: string;
  status: string;
  created_at: Date | string;
  updated_at: Date | string;
  account_id: number;
  holder_name: string;
  customer_id: number | null;
  customer_name: string | null;
  plan: string | null;
  address: string | null;
  due_at: Date | string | null;
  breached: boolean;
}

function statusesOf(filter: StatusFilter): readonly string[] | null {
  if (filter === 'all') return null;
  return filter === 'open' ? OPEN_STATUSES : [filter];
}

function whereOf(tenantId: string, filter: Pick<QueueFilter, 'type' | 'status'>): { clause: string; params: unknown[] } {
  const where = ['r.tenant_id = ?'];
  const params: unknown[] = [tenantId];
  if (filter.type) {
    where.push('r.type = ?');
    params.push(filter.type);
  }
  const statuses = statusesOf(filter.status);
  if (statuses) {
    where.push(`r.status IN (${statuses.map(() => '?').join(', ')})`);
    params.push(...statuses);
  }
  return { clause: where.join(' AND '), params };
}

/**
 * The queue's rows in order: requests whose promised time has run out first (the longest
 * overdue first), then open requests oldest first (who has waited longest), closed ones newest
 * first. Raw SQL: the tenant is named in every join.
 */
function selectOf(settings: Pick<ServiceRequestsSettings, 'sla'>, filter: Pick<QueueFilter, 'status'>, clause: string): string {
  const order = filter.status === 'open' || filter.status === 'submitted' || filter.status === 'in_review' || filter.status === 'needs_info' ? 'r.created_at ASC, r.id ASC' : 'r.updated_at DESC, r.id DESC';
  return `SELECT r.id, r.number, r.type, r.status, r.created_at, r.updated_at, a.id AS account_id, a.number AS account_number, a.holder_name,
            c.id AS customer_id, c.name AS customer_name, s.plan, s.address, d.due_at, coalesce(d.due_at < now(), false) AS breached
     FROM service_requests r
     CROSS JOIN LATERAL (SELECT ${dueSql(settings).due} AS due_at) d
     JOIN accounts a ON a.id = r.account_id AND a.tenant_id = r.tenant_id
     LEFT JOIN customers c ON c.id = r.customer_id AND c.tenant_id = r.tenant_id
     LEFT JOIN account_services s ON s.id = r.service_id AND s.tenant_id = r.tenant_id
     WHERE ${clause}
     ORDER BY coalesce(d.due_at < now(), false) DESC, CASE WHEN d.due_at < now() THEN d.due_at END ASC, ${order}`;
}

function toRow(r: QueueDbRow): QueueRow {
  return {
    id: Number(r.id),
    number: Number(r.number),
    type: r.type,
    status: r.status,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    accountId: Number(r.account_id),
    accountNumber: r.account_number,
    holderName: r.holder_name,
    customerId: r.customer_id === null ? null : Number(r.customer_id),
    customerName: r.customer_name,
    service: r.plan ? `${r.plan}${r.address ? ` · ${r.address}` : ''}` : null,
    dueAt: r.due_at === null ? null : new Date(r.due_at),
    breached: Boolean(r.breached),
  };
}

/** A page of the queue. */
export async function queuePage(em: EntityManager, tenantId: string, settings: Pick<ServiceRequestsSettings, 'sla'>, filter: QueueFilter): Promise<{ rows: QueueRow[]; total: number }> {
  const { clause, params } = whereOf(tenantId, filter);
  const conn = em.getConnection();
  const [{ total }] = await conn.execute<{ total: number }[]>(`SELECT count(*)::int AS total FROM service_requests r WHERE ${clause}`, params);
  const rows = await conn.execute<QueueDbRow[]>(`${selectOf(settings, filter, clause)} LIMIT ${PAGE_SIZE} OFFSET ${(filter.page - 1) * PAGE_SIZE}`, params);
  return { total, rows: rows.map(toRow) };
}

/** Every request of the filtered queue, in its order, read in batches for an export. */
export async function* exportRows(em: EntityManager, tenantId: string, settings: Pick<ServiceRequestsSettings, 'sla'>, filter: Pick<QueueFilter, 'type' | 'status'>): AsyncGenerator<QueueRow> {
  const { clause, params } = whereOf(tenantId, filter);
  for await (const r of sqlCursor<QueueDbRow>(em, selectOf(settings, filter, clause), params)) yield toRow(r);
}

/** How many requests each status holds (for the type chosen), for the filter's counts. */
export async function statusCounts(em: EntityManager, tenantId: string, type: string | null): Promise<Record<string, number>> {
  const rows = await em.getConnection().execute<{ status: string; n: number }[]>(
    `SELECT status, count(*)::int AS n FROM service_requests WHERE tenant_id = ?${type ? ' AND type = ?' : ''} GROUP BY status`,
    type ? [tenantId, type] : [tenantId],
  );
  const counts: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Operators' names for the history, from this tenant only. */
export async function staffNames(em: EntityManager, tenantId: string, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await em.getConnection().execute<{ id: number; name: string }[]>(
    `SELECT id, name FROM staff_users WHERE tenant_id = ? AND id IN (${ids.map(() => '?').join(', ')})`,
    [tenantId, ...ids],
  );
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}
