import type { InvoicesProvides, PaymentInput } from '../../invoices/api.ts';
import { formatDay } from '../domain/days.ts';
import { closeReport, type ReportView } from '../data/reports.ts';
import type { DecisionDeps } from './decide.ts';
import { notifyCustomer } from './notify.ts';

export type ReportDecision = { status: 'accepted' } | { status: 'rejected'; reason: string };

/** A decided report as a bus event; the provider API turns it into `payment.report-decided`. */
export const REPORT_DECIDED = 'payments.report-decided';

/** The invoices plugin's payment an accepted report becomes, by the key the provider sees it under. */
export function reportPaymentExternalId(reportId: number): string {
  return `report-${reportId}`;
}

/**
 * Accepts (the payment goes to the statement through the invoices plugin) or rejects a reported
 * payment; either way the customer is told and the decision audited. The back office and the
 * provider API both decide through here, so both have the same effects. false when the report
 * had been decided already (by someone else, a moment earlier): nothing is done then.
 */
export async function decideReport(deps: DecisionDeps, report: ReportView, decision: ReportDecision): Promise<boolean> {
  const { tenant, em } = deps;
  if (!(await closeReport(em, tenant.id, report.id, deps.reviewerId, decision))) return false;
  const accountPath = encodeURIComponent(report.accountNumber);
  if (decision.status === 'accepted') {
    await recordReported(deps, report);
    deps.audit({ action: 'payments.report-accepted', outcome: 'success', subject: report.accountNumber, details: { report: report.id, amount: report.amount } });
    await notifyCustomer(em, deps.portal, {
      tenant,
      accountId: report.accountId,
      customerId: report.customerId,
      template: 'report-accepted',
      data: { amount: report.amount, paidOn: formatDay(report.paidOn) },
      path: `/payments?account=${accountPath}`,
    });
  } else {
    deps.audit({ action: 'payments.report-rejected', outcome: 'success', subject: report.accountNumber, details: { report: report.id, reason: decision.reason } });
    await notifyCustomer(em, deps.portal, {
      tenant,
      accountId: report.accountId,
      customerId: report.customerId,
      template: 'report-rejected',
      data: { amount: report.amount, paidOn: formatDay(report.paidOn), reason: decision.reason },
      path: `/payments/report?account=${accountPath}`,
    });
  }
  await deps.portal.events.emit(tenant, em, REPORT_DECIDED, { reportId: report.id, accountId: report.accountId, customerId: report.customerId, status: decision.status });
  return true;
}

/**
 * The accepted report as a payment of the invoices plugin. An invoice that can no longer take it
 * (cancelled since) does not lose the money: it goes on account.
 */
async function recordReported(deps: DecisionDeps, report: ReportView): Promise<void> {
  const service = deps.portal.plugins.get<InvoicesProvides>('invoices').service(deps.tenant, deps.em);
  const payment: PaymentInput = {
    externalId: reportPaymentExternalId(report.id),
    accountNumber: report.accountNumber,
    paidOn: report.paidOn,
    amount: report.amount,
    method: report.method as PaymentInput['method'],
    collector: report.collector ?? undefined,
    reference: report.reference ?? undefined,
  };
  if (!report.invoiceExternalId) {
    await service.recordPayment(payment);
    return;
  }
  try {
    await service.recordPayment({ ...payment, invoiceExternalId: report.invoiceExternalId });
  } catch (err) {
    if ((err as Error).name !== 'InvoiceInputError') throw err;
    deps.log.warn({ report: report.id, problem: (err as Error).message }, 'reported invoice could not take the payment; recorded on account');
    await service.recordPayment(payment);
  }
}
