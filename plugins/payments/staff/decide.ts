import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApiRoutesContext, PortalServices, StaffRoutesContext, Tenant } from 'portal/sdk';

/** What a decision (a reported payment, an agreement) needs, whoever takes it. */
export interface DecisionDeps {
  tenant: Tenant;
  /** In the transaction the decision commits with: its rows, the email, the audit row, the events. */
  em: EntityManager;
  portal: PortalServices;
  /** The operator who decided; null when the provider's billing system decided through the API. */
  reviewerId: number | null;
  /** Audits the decision as whoever took it (an operator, an API key), on the transaction's flush. */
  audit(record: { action: string; outcome: 'success'; subject: string; details: Record<string, unknown> }): void;
  log: { warn(obj: unknown, msg: string): void };
}

/** The signed-in operator decides, and is the audit row's actor. */
export function staffDecider(ctx: StaffRoutesContext, request: FastifyRequest): DecisionDeps {
  return { tenant: request.tenant, em: request.em, portal: ctx.portal, reviewerId: request.staff!.id, audit: (record) => ctx.audit(request, record), log: request.log };
}

/** The provider's billing system decides through the API: no operator, the key is the audit row's actor. */
export function apiDecider(ctx: ApiRoutesContext, request: FastifyRequest): DecisionDeps {
  return { tenant: request.tenant, em: request.em, portal: ctx.portal, reviewerId: null, audit: (record) => ctx.portal.audit.record(request, record), log: request.log };
}

/**
 * Runs a back-office decision in one transaction on the request's entity manager, so the rows it
 * changes, the audit entry (`ctx.audit` persists on this flush) and the customer's email commit
 * together or not at all.
 */
export async function inTransaction<T>(request: FastifyRequest, work: () => Promise<T>): Promise<T> {
  await request.em.begin();
  try {
    const result = await work();
    await request.em.commit();
    return result;
  } catch (err) {
    await request.em.rollback();
    throw err;
  }
}

/** A reason typed by an operator: trimmed, 3 to 500 characters, or null. */
export function reasonOf(value: unknown): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  return text.length >= 3 && text.length <= 500 ? text : null;
}
