import type { TicketRow } from '../entities.ts';
import type { TicketsSettings } from '../settings.ts';
import { nextNumber } from '../data/numbers.ts';
import { insertAttachments, insertMessage, insertStatusEvent, insertTicket, type Actor, type StoredAttachment } from '../data/write.ts';
import { changeStatus } from '../data/transitions.ts';
import { loadParties } from '../notify/parties.ts';
import { mailCustomer } from '../notify/to-customer.ts';
import { mailStaff } from '../notify/to-staff.ts';
import type { Work } from './work.ts';
import { TICKET_OPENED, TICKET_REPLIED, type TicketOpenedPayload, type TicketRepliedPayload } from './bus-events.ts';

export interface OpenInput {
  customerId: number;
  accountId: number | null;
  serviceId: number | null;
  category: string;
  subject: string;
  body: string;
  files: StoredAttachment[];
}

/** Opens a ticket with the next number of the tenant; staff and customer hear of it in the same transaction. */
export async function openTicket(w: Work, input: OpenInput): Promise<{ id: number; number: number }> {
  const { em, tenant } = w;
  const actor: Actor = { type: 'customer', id: input.customerId };
  const number = await nextNumber(em, tenant.id, w.settings.firstNumber);
  const id = await insertTicket(em, {
    tenantId: tenant.id,
    number,
    customerId: input.customerId,
    accountId: input.accountId,
    serviceId: input.serviceId,
    category: input.category,
    subject: input.subject,
  });
  const messageId = await insertMessage(em, { tenantId: tenant.id, ticketId: id, kind: 'customer', author: actor, body: input.body });
  await insertAttachments(em, tenant.id, id, messageId, input.files);
  await insertStatusEvent(em, { tenantId: tenant.id, ticketId: id, from: null, to: 'open', actor });
  const opened: TicketOpenedPayload = { ticketId: id, number, messageId };
  await w.portal.events.emit(tenant, em, TICKET_OPENED, opened);
  const parties = await loadParties(em, tenant, id);
  await mailStaff(w, parties, { kind: 'new', body: input.body, attachments: input.files.length });
  await mailCustomer(w, parties, { kind: 'opened' });
  return { id, number };
}

/** A customer's message on an open ticket puts it back in the provider's court; a closed one must be reopened instead. */
export async function customerReply(w: Work, ticket: TicketRow, customerId: number, body: string, files: StoredAttachment[]): Promise<'ok' | 'closed'> {
  const { em, tenant } = w;
  const actor: Actor = { type: 'customer', id: customerId };
  const from = await changeStatus(em, tenant.id, ticket.id, 'open', { from: ['open', 'answered'] });
  if (from === null) return 'closed';
  const messageId = await insertMessage(em, { tenantId: tenant.id, ticketId: ticket.id, kind: 'customer', author: actor, body });
  await insertAttachments(em, tenant.id, ticket.id, messageId, files);
  if (from !== 'open') await insertStatusEvent(em, { tenantId: tenant.id, ticketId: ticket.id, from, to: 'open', actor });
  await announceReply(w, ticket, messageId, false);
  await mailStaff(w, await loadParties(em, tenant, ticket.id), { kind: 'reply', body, attachments: files.length });
  return 'ok';
}

export function reopenableUntil(settings: TicketsSettings, closedAt: Date | null | undefined): Date | null {
  if (!closedAt || settings.reopenDays === 0) return null;
  return new Date(closedAt.getTime() + settings.reopenDays * 86_400_000);
}

export function canReopen(settings: TicketsSettings, ticket: TicketRow, now = new Date()): boolean {
  const until = reopenableUntil(settings, ticket.closedAt);
  return ticket.status === 'closed' && (until === null || until > now);
}

/** Seed 003: a closed ticket comes back with the customer's new message. */
export async function customerReopen(
  w: Work,
  ticket: TicketRow,
  customerId: number,
  body: string,
  files: StoredAttachment[],
): Promise<'ok' | 'not-closed' | 'too-late'> {
  const { em, tenant } = w;
  if (ticket.status !== 'closed') return 'not-closed';
  if (!canReopen(w.settings, ticket)) return 'too-late';
  const actor: Actor = { type: 'customer', id: customerId };
  const from = await changeStatus(em, tenant.id, ticket.id, 'open', { from: ['closed'] });
  if (from === null) return 'not-closed';
  const messageId = await insertMessage(em, { tenantId: tenant.id, ticketId: ticket.id, kind: 'customer', author: actor, body });
  await insertAttachments(em, tenant.id, ticket.id, messageId, files);
  await insertStatusEvent(em, { tenantId: tenant.id, ticketId: ticket.id, from, to: 'open', actor });
  await announceReply(w, ticket, messageId, true);
  await mailStaff(w, await loadParties(em, tenant, ticket.id), { kind: 'reopen', body, attachments: files.length });
  return 'ok';
}

function announceReply(w: Work, ticket: TicketRow, messageId: number, reopened: boolean): Promise<void> {
  const event: TicketRepliedPayload = { ticketId: ticket.id, number: ticket.number, messageId, by: 'customer', reopened };
  return w.portal.events.emit(w.tenant, w.em, TICKET_REPLIED, event);
}
