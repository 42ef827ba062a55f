import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export type TicketStatus = 'open' | 'answered' | 'closed';
export type MessageKind = 'customer' | 'staff' | 'note';
export type ActorType = 'customer' | 'staff' | 'system';

export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'answered', 'closed'];

/**
 * Reads go through these entities (the `tenant` filter applies); writes are SQL in
 * `data/`, where each state change is one conditional UPDATE so two operators cannot close or
 * reopen the same ticket twice.
 */
export const Ticket = defineEntity({
  name: 'TicketsTicket',
  tableName: 'tickets',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    number: p.integer(),
    customerId: p.integer(),
    accountId: p.integer().nullable(),
    serviceId: p.integer().nullable(),
    category: p.string(),
    subject: p.string(),
    status: p.string(),
    assignedTo: p.integer().nullable(),
    lastActivityAt: p.datetime(),
    answeredAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export const Message = defineEntity({
  name: 'TicketsMessage',
  tableName: 'tickets_messages',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    ticketId: p.integer(),
    kind: p.string(),
    customerId: p.integer().nullable(),
    staffId: p.integer().nullable(),
    /** A reply the provider's system sent through the API: the key, and the name it signs with. */
    apiKeyId: p.integer().nullable(),
    authorName: p.string().nullable(),
    body: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export const Attachment = defineEntity({
  name: 'TicketsAttachment',
  tableName: 'tickets_attachments',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    ticketId: p.integer(),
    messageId: p.integer(),
    fileKey: p.string(),
    filename: p.string(),
    mime: p.string(),
    size: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export const TicketEvent = defineEntity({
  name: 'TicketsEvent',
  tableName: 'tickets_events',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    ticketId: p.integer(),
    kind: p.string(),
    fromStatus: p.string().nullable(),
    toStatus: p.string().nullable(),
    assignedTo: p.integer().nullable(),
    actorType: p.string(),
    actorId: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type TicketRow = InferEntity<typeof Ticket>;
export type MessageRow = InferEntity<typeof Message>;
export type AttachmentRow = InferEntity<typeof Attachment>;
export type TicketEventRow = InferEntity<typeof TicketEvent>;

export const entities = [Ticket, Message, Attachment, TicketEvent];
