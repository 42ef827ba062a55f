import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type PortalServices, Account, AccountService } from 'portal/sdk';
import { ServiceRequest, type RequestRow } from '../entities.ts';
import { allows, transition, type Action } from '../domain/states.ts';
import { requestTypesOf } from '../types/registry.ts';
import { DecisionError } from '../types/decision-error.ts';
import { applies, targetContext } from '../types/target.ts';
import type { DecisionContext, RequestType } from '../types/contract.ts';
import { statementCharges } from '../charges/statement-charges.ts';
import { addEvent } from './add-event.ts';
import { notifyCustomer } from './notify.ts';
import type { Decider } from './decider.ts';

export type StaffAction = Exclude<Action, 'reply'>;

export type DecideResult =
  | { ok: true; row: RequestRow }
  | { ok: false; problem: 'not-found' }
  | { ok: false; problem: 'state' }
  | { ok: false; problem: 'refused'; error: DecisionError; type: RequestType | undefined };

/** Audit actions, `service-requests.<verb>`; labels under `service-requests.actions.*`. */
const AUDIT: Record<StaffAction, string> = {
  review: 'service-requests.review-started',
  ask: 'service-requests.info-requested',
  approve: 'service-requests.approved',
  reject: 'service-requests.rejected',
};

/**
 * An operator (or the provider's system, through an API key) moves a request on. Everything
 * happens in one transaction on the request's entity manager: the row is locked (two deciders
 * at once cannot both win), the type's onApprove/onReject runs with that transaction, then the
 * status, the history line, the audit entries and the customer's email. Any error — a
 * DecisionError or a bug half-way through a type's hook — rolls all of it back. The status
 * change is announced in the transaction; events the type asked for go out after the commit.
 */
export async function decide(
  request: FastifyRequest,
  portal: PortalServices,
  by: Decider,
  requestId: number,
  action: StaffAction,
  message: string | null,
): Promise<DecideResult> {
  const em = request.em;
  const tenant = request.tenant;
  const afterCommit: [string, Record<string, unknown>][] = [];
  let type: RequestType | undefined;
  await em.begin();
  try {
    const row = await lockRequest(em, tenant.id, requestId);
    if (!row) return await abandon(em, { ok: false, problem: 'not-found' });
    if (!allows(action, row.status)) return await abandon(em, { ok: false, problem: 'state' });
    const from = row.status;
    const account = await em.findOneOrFail(Account, { id: row.accountId });

    if (action === 'approve' || action === 'reject') {
      type = requestTypesOf(portal).get(row.type);
      const usable = type && tenant.plugins.has(type.plugin) ? type : undefined;
      // A type whose plugin is gone can still be turned down, never applied.
      if (!usable && action === 'approve') throw new DecisionError('service-requests.decision.errors.typeUnavailable');
      if (usable) {
        const service = row.serviceId ? await em.findOne(AccountService, { id: row.serviceId }) : null;
        if (usable.target === 'service' && !service && action === 'approve') throw new DecisionError('service-requests.decision.errors.serviceGone');
        const target = targetContext(usable, tenant, account, service, request.locale);
        const decision: DecisionContext = {
          ...target,
          em,
          request: { id: row.id, number: row.number, type: row.type, data: row.data, customerId: row.customerId ?? null, createdAt: row.createdAt },
          staff: by.staff,
          reason: action === 'reject' ? message : null,
          portal,
          audit: (record) => by.audit({ ...record, outcome: 'success' }),
          statement: statementCharges(em, tenant, portal, { requestId: row.id, accountNumber: account.number }),
          emitAfterCommit: (event, payload) => void afterCommit.push([event, payload]),
        };
        if (action === 'approve') {
          if (!applies(usable, target)) throw new DecisionError('service-requests.decision.errors.noLongerApplies');
          await usable.onApprove(decision);
        } else {
          await usable.onReject?.(decision);
        }
      }
      row.decidedAt = new Date();
      row.decidedBy = by.staff?.id ?? null;
      row.decisionNote = action === 'reject' ? message : null;
    }

    const step = transition(action);
    row.status = step.to;
    await addEvent(em, tenant.id, row.id, by.actor, step.kind, step.to, message);
    by.audit({ action: AUDIT[action], outcome: 'success', subject: String(row.id), details: { type: row.type, account: account.number, from, to: step.to } });
    await notifyCustomer(em, portal, tenant, row, step.kind, message);
    // Inside the transaction: the provider's request.decided delivery exists exactly when the decision does.
    await portal.events.emit(tenant, em, 'service-requests.status-changed', { requestId: row.id, type: row.type, status: row.status, accountId: row.accountId, serviceId: row.serviceId ?? null });
    await em.flush();
    await em.commit();
    for (const [event, payload] of afterCommit) await portal.events.emit(tenant, em, event, payload);
    return { ok: true, row };
  } catch (err) {
    await abandon(em, null);
    if (err instanceof DecisionError) return { ok: false, problem: 'refused', error: err, type };
    throw err;
  }
}

/** Rolls back and forgets every entity changed in memory, so no later flush writes half a decision. */
async function abandon<T>(em: EntityManager, result: T): Promise<T> {
  if (em.isInTransaction()) await em.rollback();
  em.clear();
  return result;
}

/** The row, locked until the transaction ends, read fresh (not from the identity map). */
export async function lockRequest(em: EntityManager, tenantId: string, id: number): Promise<RequestRow | null> {
  const locked = await em.getConnection().execute<{ id: number }[]>(
    'SELECT id FROM service_requests WHERE tenant_id = ? AND id = ? FOR UPDATE',
    [tenantId, id],
    'all',
    em.getTransactionContext(),
  );
  if (locked.length === 0) return null;
  return em.findOne(ServiceRequest, { id }, { refresh: true });
}
