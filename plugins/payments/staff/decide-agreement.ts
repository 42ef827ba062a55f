import { formatDay } from '../domain/days.ts';
import { agreementsOfAccount, approveAgreement, rejectAgreement } from '../data/agreements.ts';
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
  const path = `/payments/agreements?account=${encodeURIComponent(target.accountNumber)}`;
  const decided =
    decision.status === 'approved'
      ? await approveAgreement(em, tenant.id, target.id, deps.reviewerId, decision.today)
      : await rejectAgreement(em, tenant.id, target.id, deps.reviewerId, decision.reason);
  if (!decided) return false;
  if (decision.status === 'approved') {
    deps.audit({ action: 'payments.agreement-approved', outcome: 'success', subject: target.accountNumber, details: { agreement: target.id } });
    const [view] = (await agreementsOfAccount(em, tenant.id, decided.accountId, decision.today)).filter((a) => a.id === target.id);
    await notifyCustomer(em, deps.portal, {
      tenant,
      accountId: decided.accountId,
      customerId: decided.customerId,
      template: 'agreement-approved',
      data: { instalments: view.instalments, schedule: view.schedule.map((i) => ({ number: i.number, dueDate: formatDay(i.dueDate), amount: i.amount })) },
      path,
    });
  } else {
    deps.audit({ action: 'payments.agreement-rejected', outcome: 'success', subject: target.accountNumber, details: { agreement: target.id, reason: decision.reason } });
    await notifyCustomer(em, deps.portal, {
      tenant,
      accountId: decided.accountId,
      customerId: decided.customerId,
      template: 'agreement-rejected',
      data: { reason: decision.reason },
      path,
    });
  }
  await deps.portal.events.emit(tenant, em, AGREEMENT_DECIDED, { agreementId: target.id, accountId: decided.accountId, customerId: decided.customerId, status: decision.status });
  return true;
}
