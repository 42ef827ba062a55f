import type { EntityManager } from '@mikro-orm/postgresql';
import { iso } from 'portal/sdk';
import type { AttachmentRow, MessageRow } from '../entities.ts';
import { customerThread } from '../data/read.ts';
import { staffNamesOf } from '../data/staff.ts';

export const messageView = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    author: {
      type: 'object',
      properties: {
        kind: {
          type: 'string',
          enum: ['customer', 'staff', 'api'],
          description: '`staff`: an operator in the back office; `api`: a reply sent through this API.',
        },
        name: { type: ['string', 'null'], description: 'The customer, the operator, or the name an API reply signed with; null: the support team.' },
      },
    },
    body: { type: 'string' },
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          name: { type: 'string' },
          mime: { type: 'string' },
          size: { type: 'integer' },
          href: { type: 'string', description: 'Where to download it, with the same key: GET /tickets/{number}/attachments/{id}.' },
        },
      },
    },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

export type MessageView = ReturnType<typeof messageOf>;

/**
 * The messages the customer sees on the ticket, oldest first. They come from the same query as
 * the customer's page, so internal notes cannot reach the provider's system by another road.
 */
export async function publicMessages(em: EntityManager, ticket: { id: number; view: { number: number; customer: { name: string } } }): Promise<MessageView[]> {
  const thread = await customerThread(em, ticket.id);
  const staffNames = await staffNamesOf(em, thread);
  return thread.messages.map((m) => messageOf(m, thread.attachments, staffNames, ticket.view.number, ticket.view.customer.name));
}

function messageOf(m: MessageRow, attachments: AttachmentRow[], staffNames: Map<number, string>, ticketNumber: number, customerName: string) {
  const kind = m.kind === 'customer' ? 'customer' : m.apiKeyId ? 'api' : 'staff';
  const name = kind === 'customer' ? customerName : kind === 'api' ? (m.authorName ?? null) : ((m.staffId && staffNames.get(m.staffId)) || null);
  return {
    id: m.id,
    author: { kind, name },
    body: m.body,
    attachments: attachments
      .filter((a) => a.messageId === m.id)
      .map((a) => ({ id: a.id, name: a.filename, mime: a.mime, size: a.size, href: `/api/v1/tickets/${ticketNumber}/attachments/${a.id}` })),
    createdAt: iso(m.createdAt),
  };
}
