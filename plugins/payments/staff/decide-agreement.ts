import { formatDay } from '../domain/days.ts';
import { approveAgreement, rejectAgreement, schedulesOf } from '../data/agreements.ts';
import type { DecisionDeps } from './decide.ts';
import { notifyCustomer } from './notify.ts';

export type AgreementDecision = { status: 'approved'; today: string } | { status: 'rejected'; reason: string };

/** A decided agreement as a bus event; the provider API turns it into `agreement.decided`. */
export const AGREEMENT_DECIDED = 'payments.agreement-decided';

/**
 * Approves (the schedule is laid out from `today`) or rejects a pending agreement request; the
 * customer is told, the decision audited and announced. The back office and the provider API both
 * decide through here. false when it was no longer pending (decided a moment earlier): nothing done.
 */
export async function decideAgreement(deps: DecisionDeps, target: { id: number; accountNumber: string }, decision: AgreementDecision): Promise<boolean> {
  const { tenant, em } = deps;
  const decided =
    decision.status === 'approved'
      ? await approveAgreement(em, tenant.id, target.id, deps.reviewerId, decision.today)
      : await rejectAgreement(em, tenant.id, target.id, deps.reviewerId, decision.reason);
  if (!decided) return false;
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
  return true;
}

/** The schedule just laid out, as the approval email lists it. */
async function scheduleMailData(deps: DecisionDeps, agreementId: number, today: string) {
  const schedule = (await schedulesOf(deps.em, deps.tenant.id, [agreementId], today)).get(agreementId) ?? [];
  return {
    instalments: schedule.filter((i) => i.number > 0).length,
    schedule: schedule.map((i) => ({ number: i.number, dueDate: formatDay(i.dueDate), amount: i.amount })),
  };
}
