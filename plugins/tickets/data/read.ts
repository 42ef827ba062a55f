import type { EntityManager } from '@mikro-orm/postgresql';
import { Attachment, Message, Ticket, TicketEvent, type AttachmentRow, type MessageRow, type TicketEventRow, type TicketRow } from '../entities.ts';

/** Ticket numbers in URLs: digits only and within int4, so anything else is a 404, not an error. */
export function parseNumber(raw: string): number | null {
  if (!/^\d{1,9}$/.test(raw)) return null;
  const n = Number(raw);
  return n > 0 ? n : null;
}

/** The customer's own ticket of that number; another customer's (or tenant's) is null. */
export async function customerTicket(em: EntityManager, customerId: number, rawNumber: string): Promise<TicketRow | null> {
  const number = parseNumber(rawNumber);
  return number === null ? null : em.findOne(Ticket, { number, customerId });
}

export async function tenantTicket(em: EntityManager, rawNumber: string): Promise<TicketRow | null> {
  const number = parseNumber(rawNumber);
  return number === null ? null : em.findOne(Ticket, { number });
}

export interface Thread {
  messages: MessageRow[];
  attachments: AttachmentRow[];
  events: TicketEventRow[];
}

/**
 * What the customer may see of a ticket. Internal notes are left out by the query itself, so no
 * template or view model can show one by mistake; only events about closing and reopening.
 */
export async function customerThread(em: EntityManager, ticketId: number): Promise<Thread> {
  const messages = await em.find(Message, { ticketId, kind: { $in: ['customer', 'staff'] } }, { orderBy: { id: 'asc' } });
  const attachments = messages.length
    ? await em.find(Attachment, { ticketId, messageId: { $in: messages.map((m) => m.id) } }, { orderBy: { id: 'asc' } })
    : [];
  const events = await em.find(
    TicketEvent,
    { ticketId, kind: 'status', $or: [{ toStatus: 'closed' }, { fromStatus: 'closed' }] },
    { orderBy: { id: 'asc' } },
  );
  return { messages, attachments, events };
}

export async function staffThread(em: EntityManager, ticketId: number): Promise<Thread> {
  const messages = await em.find(Message, { ticketId }, { orderBy: { id: 'asc' } });
  const attachments = await em.find(Attachment, { ticketId }, { orderBy: { id: 'asc' } });
  const events = await em.find(TicketEvent, { ticketId }, { orderBy: { id: 'asc' } });
  return { messages, attachments, events };
}

/** An attachment of a message the customer can see, on one of the customer's tickets. */
export async function customerAttachment(em: EntityManager, ticket: TicketRow, rawId: string): Promise<AttachmentRow | null> {
  const id = parseNumber(rawId);
  if (id === null) return null;
  const attachment = await em.findOne(Attachment, { id, ticketId: ticket.id });
  if (!attachment) return null;
  const visible = await em.count(Message, { id: attachment.messageId, ticketId: ticket.id, kind: { $ne: 'note' } });
  return visible ? attachment : null;
}

export async function ticketAttachment(em: EntityManager, ticket: TicketRow, rawId: string): Promise<AttachmentRow | null> {
  const id = parseNumber(rawId);
  return id === null ? null : em.findOne(Attachment, { id, ticketId: ticket.id });
}
