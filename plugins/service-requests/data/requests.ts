import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestDocument, RequestEvent, ServiceRequest, type DocumentRow, type EventRow, type RequestRow } from '../entities.ts';
import { OPEN_STATUSES } from '../domain/states.ts';

/** An id from a URL: a positive int4, or nothing (a 404, never a database error). */
export function idFrom(raw: unknown): number | null {
  const n = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
}

/** The request only if this customer filed it: another customer's or tenant's id finds nothing. */
export async function ownedRequest(em: EntityManager, rawId: unknown, customerId: number): Promise<RequestRow | null> {
  const id = idFrom(rawId);
  return id ? em.findOne(ServiceRequest, { id, customerId }) : null;
}

export async function requestById(em: EntityManager, rawId: unknown): Promise<RequestRow | null> {
  const id = idFrom(rawId);
  return id ? em.findOne(ServiceRequest, { id }) : null;
}

/** Enough for years of a household's requests; older ones stay in the back office. */
export const CUSTOMER_LIST_LIMIT = 200;

export function customerRequests(em: EntityManager, customerId: number): Promise<RequestRow[]> {
  return em.find(ServiceRequest, { customerId }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: CUSTOMER_LIST_LIMIT });
}

export function historyOf(em: EntityManager, requestId: number): Promise<EventRow[]> {
  return em.find(RequestEvent, { requestId }, { orderBy: { at: 'asc', id: 'asc' } });
}

export function documentsOf(em: EntityManager, requestId: number): Promise<DocumentRow[]> {
  return em.find(RequestDocument, { requestId }, { orderBy: { id: 'asc' } });
}

export async function documentOf(em: EntityManager, requestId: number, rawDocumentId: unknown): Promise<DocumentRow | null> {
  const id = idFrom(rawDocumentId);
  return id ? em.findOne(RequestDocument, { id, requestId }) : null;
}

export interface OpenRequest {
  id: number;
  type: string;
  status: string;
  accountId: number;
  serviceId: number | null;
  /** Who filed it: only they are shown a link to it. */
  customerId: number | null;
}

/** Requests still open on these accounts, whoever filed them: what the services page marks as "in progress". */
export async function openRequestsOn(em: EntityManager, accountIds: number[]): Promise<OpenRequest[]> {
  if (accountIds.length === 0) return [];
  const rows = await em.find(ServiceRequest, { accountId: { $in: accountIds }, status: { $in: [...OPEN_STATUSES] } }, { orderBy: { id: 'asc' } });
  return rows.map((r) => ({ id: r.id, type: r.type, status: r.status, accountId: r.accountId, serviceId: r.serviceId ?? null, customerId: r.customerId ?? null }));
}
