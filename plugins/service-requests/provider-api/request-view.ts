import { iso } from 'portal/sdk';
import { STATUSES } from '../domain/states.ts';

/**
 * A request as the provider sees it in lists and webhooks: named by the provider's own ids
 * (account number, service and customer external ids) beside the portal's request id and number.
 */
export const requestItemView = {
  type: 'object',
  properties: {
    id: { type: 'integer', description: "The request's id: what the paths take (`/service-requests/{id}`)." },
    number: { type: 'integer', description: 'The number the customer is told ("solicitud N°"), consecutive per provider; equal to the id for requests filed before numbers were per provider.' },
    externalId: { type: ['string', 'null'], description: 'Set only for requests that came from elsewhere (your CRM, demo data).' },
    type: { type: 'string', description: 'ownership-change, reconnection, plan-change… (one per request type a plugin declares).' },
    status: { type: 'string', enum: [...STATUSES] },
    accountNumber: { type: 'string' },
    serviceExternalId: { type: ['string', 'null'], description: 'For requests about a service; null for account requests or services you did not load.' },
    customerExternalId: { type: ['string', 'null'], description: 'The login that filed it, when you loaded that customer with an externalId.' },
    submittedAt: { type: 'string', format: 'date-time' },
    decidedAt: { type: ['string', 'null'], format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** Columns every view of a request reads; the caller adds the cursor column for lists. */
export const REQUEST_SELECT = `SELECT r.id, r.number, r.external_id, r.type, r.status, r.data, r.decision_note, r.created_at, r.decided_at, r.updated_at,
  a.number AS account_number, s.external_id AS service_external_id, c.external_id AS customer_external_id`;

export const REQUEST_FROM = `FROM service_requests r
  JOIN accounts a ON a.id = r.account_id AND a.tenant_id = r.tenant_id
  LEFT JOIN account_services s ON s.id = r.service_id AND s.tenant_id = r.tenant_id
  LEFT JOIN customers c ON c.id = r.customer_id AND c.tenant_id = r.tenant_id
  WHERE r.tenant_id = ?`;

/** A row of REQUEST_SELECT. */
export interface RequestItemRow {
  id: number;
  number: number;
  external_id: string | null;
  type: string;
  status: string;
  data: Record<string, unknown> | null;
  decision_note: string | null;
  created_at: Date;
  decided_at: Date | null;
  updated_at: Date;
  account_number: string;
  service_external_id: string | null;
  customer_external_id: string | null;
}

export function requestItemOf(r: RequestItemRow) {
  return {
    id: r.id,
    number: r.number,
    externalId: r.external_id ?? null,
    type: r.type,
    status: r.status,
    accountNumber: r.account_number,
    serviceExternalId: r.service_external_id ?? null,
    customerExternalId: r.customer_external_id ?? null,
    submittedAt: iso(r.created_at),
    decidedAt: iso(r.decided_at),
    updatedAt: iso(r.updated_at),
  };
}

export const decisionView = {
  type: ['object', 'null'],
  description: 'Null while the request is open.',
  properties: {
    decision: { type: 'string', enum: ['approved', 'rejected'] },
    reason: { type: ['string', 'null'], description: "A rejection's reason, as the customer reads it." },
    decidedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export function decisionOf(r: Pick<RequestItemRow, 'status' | 'decision_note' | 'decided_at'>) {
  if (r.status !== 'approved' && r.status !== 'rejected') return null;
  return { decision: r.status, reason: r.status === 'rejected' ? (r.decision_note ?? null) : null, decidedAt: iso(r.decided_at) };
}
