import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'portal/sdk';
import { publicMessages } from './message-view.ts';
import { TICKET_FROM, TICKET_SELECT, type TicketRow, ticketOf } from './ticket-view.ts';

export type TicketView = ReturnType<typeof ticketOf>;

/**
 * One ticket of the tenant, by the number customers see or by the portal's id (bus events carry
 * that), inside whatever transaction `em` holds.
 */
export async function findTicket(em: EntityManager, tenantId: string, by: { number: number } | { id: number }): Promise<{ id: number; view: TicketView } | null> {
  const [column, value] = 'number' in by ? ['t.number', by.number] : ['t.id', by.id];
  const [row] = await sql<TicketRow>(em, `${TICKET_SELECT} ${TICKET_FROM} AND ${column} = ?`, [tenantId, value]);
  return row ? { id: Number(row.id), view: ticketOf(row) } : null;
}

/** The ticket with the thread the customer sees. */
export async function ticketWithMessages(em: EntityManager, tenantId: string, number: number) {
  const found = await findTicket(em, tenantId, { number });
  if (!found) return null;
  return { ...found.view, messages: await publicMessages(em, found) };
}
