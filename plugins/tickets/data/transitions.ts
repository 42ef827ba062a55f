import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'portal/sdk';
import type { TicketStatus } from '../entities.ts';

export interface StatusChange {
  /** Only from these statuses; anything else leaves the ticket alone. */
  from: readonly TicketStatus[];
  /** Only if the provider's last reply is older than this (auto-close). */
  answeredBefore?: Date;
  /** Demo data only: when it happened. */
  at?: Date;
}

/**
 * Moves a ticket to `to` and marks activity the customer sees. The row is locked by the
 * sub-select, so of two concurrent changes the second re-reads what the first left and may find
 * nothing to do. Returns the status the ticket had, or null when the conditions did not hold.
 */
export async function changeStatus(tx: EntityManager, tenantId: string, ticketId: number, to: TicketStatus, change: StatusChange): Promise<TicketStatus | null> {
  const at = change.at ?? null;
  const rows = await sql<{ from_status: TicketStatus }>(
    tx,
    `UPDATE tickets t SET
       status = ?,
       answered_at = CASE WHEN ? = 'answered' THEN coalesce(?::timestamptz, now()) END,
       first_answered_at = CASE WHEN ? = 'answered' THEN coalesce(t.first_answered_at, ?::timestamptz, now()) ELSE t.first_answered_at END,
       closed_at = CASE WHEN ? = 'closed' THEN coalesce(?::timestamptz, now()) END,
       last_activity_at = coalesce(?::timestamptz, now()),
       updated_at = now()
     FROM (
       SELECT id, status FROM tickets
       WHERE tenant_id = ? AND id = ? AND status IN (?) AND (?::timestamptz IS NULL OR answered_at < ?::timestamptz)
       FOR UPDATE
     ) old
     WHERE t.id = old.id
     RETURNING old.status AS from_status`,
    [to, to, at, to, at, to, at, at, tenantId, ticketId, [...change.from], change.answeredBefore ?? null, change.answeredBefore ?? null],
  );
  return rows[0]?.from_status ?? null;
}

/** Assigns the ticket (null: nobody); false when it already was. */
export async function assignTicket(tx: EntityManager, tenantId: string, ticketId: number, staffId: number | null): Promise<boolean> {
  const rows = await sql(
    tx,
    `UPDATE tickets SET assigned_to = ?, updated_at = now() WHERE tenant_id = ? AND id = ? AND assigned_to IS DISTINCT FROM ? RETURNING id`,
    [staffId, tenantId, ticketId, staffId],
  );
  return rows.length > 0;
}
