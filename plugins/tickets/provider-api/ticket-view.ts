import { iso } from 'portal/sdk';
import type { TicketStatus } from '../entities.ts';

const at = { type: 'string', format: 'date-time' };
const atOrNull = { type: ['string', 'null'], format: 'date-time' };

/** A ticket as the provider sees it: named by the number customers see, its account and customer by the provider's ids. */
export const ticketView = {
  type: 'object',
  properties: {
    number: { type: 'integer', description: 'The number customers see (N° 123); consecutive per tenant.' },
    subject: { type: 'string' },
    category: { type: 'string', description: 'Id of one of the categories in the tenant’s tickets settings.' },
    status: {
      type: 'string',
      enum: ['open', 'answered', 'closed'],
      description: '`open`: waiting for you; `answered`: waiting for the customer; `closed`.',
    },
    accountNumber: { type: ['string', 'null'], description: 'The account the ticket is about, when the customer named one.' },
    serviceExternalId: { type: ['string', 'null'], description: 'The service the ticket is about (your id), when it has one.' },
    customer: {
      type: 'object',
      description: 'Who opened it; customers who registered themselves have no externalId.',
      properties: { id: { type: 'integer' }, externalId: { type: ['string', 'null'] }, name: { type: 'string' } },
    },
    lastActivityAt: { ...at, description: 'Last message or status change the customer can see.' },
    closedAt: atOrNull,
    createdAt: at,
    updatedAt: at,
  },
};

export const TICKET_SELECT = `SELECT t.id, t.number, t.subject, t.category, t.status, a.number AS account_number, s.external_id AS service_external_id,
  c.id AS customer_id, c.external_id AS customer_external_id, c.name AS customer_name,
  t.last_activity_at, t.closed_at, t.created_at, t.updated_at`;

export const TICKET_FROM = `FROM tickets t
  JOIN customers c ON c.id = t.customer_id AND c.tenant_id = t.tenant_id
  LEFT JOIN accounts a ON a.id = t.account_id AND a.tenant_id = t.tenant_id
  LEFT JOIN account_services s ON s.id = t.service_id AND s.tenant_id = t.tenant_id
  WHERE t.tenant_id = ?`;

/** A row of TICKET_SELECT, as the driver returns it (bigint ids and timestamps as strings). */
export interface TicketRow {
  id: number | string;
  number: number | string;
  subject: string;
  category: string;
  status: TicketStatus;
  account_number: string | null;
  service_external_id: string | null;
  customer_id: number | string;
  customer_external_id: string | null;
  customer_name: string;
  last_activity_at: Date | string;
  closed_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export function ticketOf(r: TicketRow) {
  return {
    number: Number(r.number),
    subject: r.subject,
    category: r.category,
    status: r.status,
    accountNumber: r.account_number ?? null,
    serviceExternalId: r.service_external_id ?? null,
    customer: { id: Number(r.customer_id), externalId: r.customer_external_id ?? null, name: r.customer_name },
    lastActivityAt: iso(r.last_activity_at),
    closedAt: iso(r.closed_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}
