import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from 'portal/sdk';
import type { TicketOpenedPayload, TicketRepliedPayload } from '../workflow/bus-events.ts';
import { findTicket } from './find-ticket.ts';
import { publicMessages } from './message-view.ts';

type Ctx = { tenant: Tenant; em: EntityManager };

/** The ticket as GET /tickets/{number} lists it (account number, your customer id) and the message the event is about. */
async function ticketAndMessage(ctx: Ctx, ticketId: number, messageId: number) {
  const found = await findTicket(ctx.em, ctx.tenant.id, { id: ticketId });
  if (!found) return null;
  const message = (await publicMessages(ctx.em, found)).find((m) => m.id === messageId);
  return message ? { ticket: found.view, message } : null;
}

export function ticketOpenedData(payload: Record<string, unknown>, ctx: Ctx) {
  const event = payload as TicketOpenedPayload;
  return ticketAndMessage(ctx, event.ticketId, event.messageId);
}

export async function ticketRepliedData(payload: Record<string, unknown>, ctx: Ctx) {
  const event = payload as TicketRepliedPayload;
  const data = await ticketAndMessage(ctx, event.ticketId, event.messageId);
  return data && { ...data, reopened: event.reopened };
}
