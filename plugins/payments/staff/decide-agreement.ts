import { formatDay } from '../domain/days.ts';
import { approveAgreement, lockPending, rejectAgreement, schedulesOf } from '../data/agreements.ts';
import type { DecisionDeps } from './decide.ts';
import { debtSinceRequest, type DebtSinceRequest } from './debt-since-request.ts';
import { notifyCustomer } from './notify.ts';

export type AgreementDecision = { status: 'approved'; today: string } | { status: 'rejected'; reason: string };

/** Decided; or nothing done because someone decided first, or because the debt is not the one the plan splits. */
export type DecisionOutcome = { done: true } | { done: false; why: 'decided' } | { done: false; why: 'debt-changed'; debt: DebtSinceRequest };

/** A decided agreement as a bus event; the provider API turns it into `agreement.decided`. */
export const AGREEMENT_DECIDED = 'payments.agreement-decided';

/**
 * Approves (the schedule is laid out from `today`) or rejects a pending agreement request; the
 * customer is told, the decision audited and announced. The back office and the provider API both
 * decide through here, in the caller's transaction: the request's row stays locked to the end, so
 * of several deciders at once one decides and the others find it decided.
 *
 * An approval re-reads the account's debt first. The customer chose the down payment and the
 * instalments against the debt of the day they asked; if it has changed since (paid online,
 * credited, a new invoice), the plan is refused rather than recomputed, because recomputing would
 * bind the customer to figures they never saw. The operator rejects it and the customer may ask again.
 */
export async function decideAgreement(deps: DecisionDeps, target: { id: number; accountNumber: string }, decision: AgreementDecision): Promise<DecisionOutcome> {
  const { tenant, em } = deps;
  const pending = await lockPending(em, tenant.id, target.id);
  if (!pending) return { done: false, why: 'decided' };
  if (decision.status === 'approved') {
    const debt = await debtSinceRequest(deps, pending);
    if (debt.changed) return { done: false, why: 'debt-changed', debt };
  }
  const decided =
    decision.status === 'approved'
      ? await approveAgreement(em, tenant.id, target.id, deps.reviewerId, decision.today)
      : await rejectAgreement(em, tenant.id, target.id, deps.reviewerId, decision.reason);
  if (!decided) return { done: false, why: 'decided' };
  const approved = decision.status === 'approved';
  const details = approved ? { agreement: target.id } : { agreement: target.id, reason: decision.reason };
  deps.audit({ action: `payments.agreement-${decision.status}`, outcome: 'success', subject: target.accountNumber, details });
  await notifyCustomer(em, deps.portal, {
    tenant,
    accountId: decided.accountId,
    customerId: decided.customerId,
    template: `agreement-${decision.status}`,
    data: approved ? await scheduleMailData(deps, target.id, decision.today) : { reason: decision.reason },
    path: `/payments/agreements?account=${encodeURIComponent(target.accountNumber)}`,
  });
  await deps.portal.events.emit(tenant, em, AGREEMENT_DECIDED, { agreementId: target.id, accountId: decided.accountId, customerId: decided.customerId, status: decision.status });
  return { done: true };
}

/** The schedule just laid out, as the approval email lists it. */
async function scheduleMailData(deps: DecisionDeps, agreementId: number, today: string) {
  const schedule = (await schedulesOf(deps.em, deps.tenant.id, [agreementId], today)).get(agreementId) ?? [];
  return {
    instalments: schedule.filter((i) => i.number > 0).length,
    schedule: schedule.map((i) => ({ number: i.number, dueDate: formatDay(i.dueDate), amount: i.amount })),
  };
}
