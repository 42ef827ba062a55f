import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, sqlCursor } from 'portal/sdk';
import { TICKET_STATUSES, type TicketStatus } from '../entities.ts';
import type { TicketsSettings } from '../settings.ts';
import { dueSql } from '../sla/due-sql.ts';

export interface QueueFilter {
  /** null: every ticket not closed. */
  status: TicketStatus | 'all' | null;
  category: string | null;
  /** 'me', 'none', or an operator's id. */
  assigned: string | null;
}

export interface QueueRow {
  number: number;
  subject: string;
  category: string;
  status: TicketStatus;
  customerId: number;
  customerName: string;
  accountNumber: string | null;
  assigneeName: string | null;
  createdAt: Date;
  lastActivityAt: Date;
  /** The earlier promise still pending (first answer or resolution); null without one. */
  dueAt: Date | null;
  breached: boolean;
}

export const QUEUE_PAGE = 50;

/** Query-string values made safe: anything unknown is "no filter", never an error page. */
export function readFilter(query: Record<string, string | undefined>, categories: string[]): QueueFilter {
  const status = query.status === 'all' || TICKET_STATUSES.includes(query.status as TicketStatus) ? (query.status as QueueFilter['status']) : null;
  const category = query.category && categories.includes(query.category) ? query.category : null;
  const assigned = query.assigned === 'me' || query.assigned === 'none' || /^\d{1,9}$/.test(query.assigned ?? '') ? query.assigned! : null;
  return { status, category, assigned };
}

/** The filter as query-string values, for links that keep it (pages, export, saved filters). */
export function filterQuery(f: QueueFilter): Record<string, string | undefined> {
  return { status: f.status ?? undefined, category: f.category ?? undefined, assigned: f.assigned ?? undefined };
}

function whereOf(tenantId: string, staffId: number, f: QueueFilter): { clause: string; params: unknown[] } {
  const where = ['t.tenant_id = ?'];
  const params: unknown[] = [tenantId];
  if (f.status === null) where.push(`t.status <> 'closed'`);
  else if (f.status !== 'all') {
    where.push('t.status = ?');
    params.push(f.status);
  }
  if (f.category) {
    where.push('t.category = ?');
    params.push(f.category);
  }
  if (f.assigned === 'none') where.push('t.assigned_to IS NULL');
  else if (f.assigned) {
    where.push('t.assigned_to = ?');
    params.push(f.assigned === 'me' ? staffId : Number(f.assigned));
  }
  return { clause: where.join(' AND '), params };
}

type Raw = {
  number: number | string;
  subject: string;
  category: string;
  status: TicketStatus;
  created_at: Date | string;
  last_activity_at: Date | string;
  customer_id: number | string;
  customer_name: string;
  account_number: string | null;
  assignee_name: string | null;
  due_at: Date | string | null;
  breached: boolean;
};

/**
 * Tickets whose promise ran out come first (the longest overdue first); then the queue, oldest
 * waiting first while there is work in it (FIFO is what customers perceive as fair), newest
 * first for the closed and complete views. Raw SQL: every join names the tenant.
 */
function selectOf(settings: Pick<TicketsSettings, 'sla'>, f: QueueFilter, clause: string): string {
  const due = dueSql(settings).due;
  const order = f.status === 'closed' || f.status === 'all' ? 't.last_activity_at DESC, t.id DESC' : 't.last_activity_at ASC, t.id ASC';
  return `SELECT t.number, t.subject, t.category, t.status, t.created_at, t.last_activity_at,
            c.id AS customer_id, c.name AS customer_name, a.number AS account_number, u.name AS assignee_name,
            s.due_at, coalesce(s.due_at < now(), false) AS breached
     FROM tickets t
     CROSS JOIN LATERAL (SELECT ${due} AS due_at) s
     JOIN customers c ON c.id = t.customer_id AND c.tenant_id = t.tenant_id
     LEFT JOIN accounts a ON a.id = t.account_id AND a.tenant_id = t.tenant_id
     LEFT JOIN staff_users u ON u.id = t.assigned_to AND u.tenant_id = t.tenant_id
     WHERE ${clause}
     ORDER BY coalesce(s.due_at < now(), false) DESC, CASE WHEN s.due_at < now() THEN s.due_at END ASC, ${order}`;
}

function toRow(r: Raw): QueueRow {
  return {
    number: Number(r.number),
    subject: r.subject,
    category: r.category,
    status: r.status,
    customerId: Number(r.customer_id),
    customerName: r.customer_name,
    accountNumber: r.account_number ?? null,
    assigneeName: r.assignee_name ?? null,
    createdAt: new Date(r.created_at),
    lastActivityAt: new Date(r.last_activity_at),
    dueAt: r.due_at === null ? null : new Date(r.due_at),
    breached: Boolean(r.breached),
  };
}

export async function queueRows(
  em: EntityManager,
  tenantId: string,
  staffId: number,
  settings: Pick<TicketsSettings, 'sla'>,
  f: QueueFilter,
  page: number,
): Promise<{ rows: QueueRow[]; total: number }> {
  const { clause, params } = whereOf(tenantId, staffId, f);
  const [{ total }] = await sql<{ total: number }>(em, `SELECT count(*)::int AS total FROM tickets t WHERE ${clause}`, params);
  const rows = await sql<Raw>(em, `${selectOf(settings, f, clause)} LIMIT ${QUEUE_PAGE} OFFSET ${(page - 1) * QUEUE_PAGE}`, params);
  return { total: Number(total), rows: rows.map(toRow) };
}

/** Every ticket of the filtered queue, in the queue's order, read in batches for an export. */
export async function* exportRows(em: EntityManager, tenantId: string, staffId: number, settings: Pick<TicketsSettings, 'sla'>, f: QueueFilter): AsyncGenerator<QueueRow> {
  const { clause, params } = whereOf(tenantId, staffId, f);
  for await (const r of sqlCursor<Raw>(em, selectOf(settings, f, clause), params)) yield toRow(r);
}
