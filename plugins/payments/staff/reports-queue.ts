import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffRoutesContext } from '../../../core/plugins/define-plugin.ts';
import type { InvoicesProvides } from '../../invoices/provides.ts';
import type { PaymentInput } from '../../invoices/service/input-schemas.ts';
import { formatDay } from '../domain/days.ts';
import { closeReport, findReport, reportsByStatus, type ReportStatus, type ReportView } from '../data/reports.ts';
import { requestTranslator } from '../i18n.ts';
import { reportRow } from '../present/report-row.ts';
import { idParam } from '../routes/context.ts';
import { sendReceipt } from '../routes/send-receipt.ts';
import { notifyCustomer } from './notify.ts';
import { inTransaction, reasonOf } from './decide.ts';
import { PERMISSION_REVIEW, PERMISSION_VIEW } from './permissions.ts';

const STATUSES: readonly ReportStatus[] = ['reported', 'accepted', 'rejected'];

/**
 * Reported payments in the back office (issue 8): the receipt, then accept (the payment goes to
 * the statement through the invoices plugin, marking the invoice paid when one was named) or
 * reject with a reason. Either way the customer is told, and the operator's decision is audited.
 */
export function reportsQueueRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.get<{ Querystring: { status?: string } }>('/payments/reports', { preHandler: ctx.requirePermission(PERMISSION_VIEW) }, async (request, reply) => {
    const status = STATUSES.find((s) => s === request.query.status) ?? 'reported';
    const t = requestTranslator(ctx.portal.views, request);
    const rows = await reportsByStatus(request.em, request.tenant.id, status);
    return reply.staffPage(
      'payments/staff/reports',
      {
        tabs: STATUSES.map((s) => ({ href: `/staff/payments/reports?status=${s}`, label: t(`reportStatus.${s}`), current: s === status })),
        waiting: status === 'reported',
        canReview: status === 'reported' && request.staff!.permissions.has(PERMISSION_REVIEW),
        reports: rows.map((r) => ({ ...reportRow(r, t), receiptHref: `/staff/payments/reports/${r.id}/receipt`, customerHref: r.customerId ? `/staff/customers/${r.customerId}` : null })),
      },
      { title: 'payments.staff.reportsTitle', section: 'payments-reports' },
    );
  });

  app.get<{ Params: { id: string } }>('/payments/reports/:id/receipt', { preHandler: ctx.requirePermission(PERMISSION_VIEW) }, async (request, reply) => {
    const id = idParam(request.params.id);
    const report = id ? await findReport(request.em, request.tenant.id, id) : null;
    const data = report ? await ctx.portal.files.read(request.tenant.id, report.receiptKey) : null;
    if (!report || !data) return reply.callNotFound();
    return sendReceipt(reply, report, data);
  });

  app.post<{ Params: { id: string } }>('/payments/reports/:id/accept', { preHandler: ctx.requirePermission(PERMISSION_REVIEW) }, async (request, reply) => {
    const id = idParam(request.params.id);
    const report = id ? await findReport(request.em, request.tenant.id, id) : null;
    if (!report) return reply.callNotFound();
    const t = requestTranslator(ctx.portal.views, request);
    const done = await inTransaction(request, async () => {
      if (!(await closeReport(request.em, request.tenant.id, report.id, request.staff!.id, { status: 'accepted' }))) return false;
      await recordReported(ctx, request, report);
      ctx.audit(request, { action: 'payments.report-accepted', outcome: 'success', subject: report.accountNumber, details: { report: report.id, amount: report.amount } });
      await notifyCustomer(request.em, ctx.portal, {
        tenant: request.tenant,
        accountId: report.accountId,
        customerId: report.customerId,
        template: 'report-accepted',
        data: { amount: report.amount, paidOn: formatDay(report.paidOn) },
        path: `/payments?account=${encodeURIComponent(report.accountNumber)}`,
      });
      return true;
    });
    reply.flash(done ? 'success' : 'error', t(done ? 'staff.accepted' : 'staff.alreadyDecided', { account: report.accountNumber }));
    return reply.redirect('/staff/payments/reports', 303);
  });

  app.post<{ Params: { id: string }; Body: { reason?: string } }>('/payments/reports/:id/reject', { preHandler: ctx.requirePermission(PERMISSION_REVIEW) }, async (request, reply) => {
    const id = idParam(request.params.id);
    const report = id ? await findReport(request.em, request.tenant.id, id) : null;
    if (!report) return reply.callNotFound();
    const t = requestTranslator(ctx.portal.views, request);
    const reason = reasonOf(request.body?.reason);
    if (!reason) {
      reply.flash('error', t('staff.reasonRequired'));
      return reply.redirect('/staff/payments/reports', 303);
    }
    const done = await inTransaction(request, async () => {
      if (!(await closeReport(request.em, request.tenant.id, report.id, request.staff!.id, { status: 'rejected', reason }))) return false;
      ctx.audit(request, { action: 'payments.report-rejected', outcome: 'success', subject: report.accountNumber, details: { report: report.id, reason } });
      await notifyCustomer(request.em, ctx.portal, {
        tenant: request.tenant,
        accountId: report.accountId,
        customerId: report.customerId,
        template: 'report-rejected',
        data: { amount: report.amount, paidOn: formatDay(report.paidOn), reason },
        path: `/payments/report?account=${encodeURIComponent(report.accountNumber)}`,
      });
      return true;
    });
    reply.flash(done ? 'success' : 'error', t(done ? 'staff.rejected' : 'staff.alreadyDecided', { account: report.accountNumber }));
    return reply.redirect('/staff/payments/reports', 303);
  });
}

/**
 * The accepted report as a payment of the invoices plugin, keyed `report-<id>`. An invoice that
 * can no longer take it (cancelled since) does not lose the money: it goes on account.
 */
async function recordReported(ctx: StaffRoutesContext, request: FastifyRequest, report: ReportView): Promise<void> {
  const service = ctx.portal.plugins.get<InvoicesProvides>('invoices').service(request.tenant, request.em);
  const payment: PaymentInput = {
    externalId: `report-${report.id}`,
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
    request.log.warn({ report: report.id, problem: (err as Error).message }, 'reported invoice could not take the payment; recorded on account');
    await service.recordPayment(payment);
  }
}
