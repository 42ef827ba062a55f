import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type StaffRoutesContext, savedFilters } from 'portal/sdk';
import { findReport, reportsByStatus, type ReportStatus } from '../data/reports.ts';
import { requestTranslator } from '../i18n.ts';
import { reportRow } from '../view-models/report-row.ts';
import { idParam } from '../routes/context.ts';
import { sendReceipt } from '../routes/send-receipt.ts';
import { inTransaction, reasonOf, staffDecider } from './decide.ts';
import { decideReport } from './decide-report.ts';
import { PERMISSION_REVIEW, PERMISSION_VIEW } from './permissions.ts';

const STATUSES: readonly ReportStatus[] = ['reported', 'accepted', 'rejected'];

/**
 * Reported payments in the back office (issue 8): the receipt, then accept (the payment goes to
 * the statement through the invoices plugin, marking the invoice paid when one was named) or
 * reject with a reason. Either way the customer is told, and the operator's decision is audited.
 */
export function reportsQueueRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.get<{ Querystring: { status?: string } }>('/payments/reports', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const status = STATUSES.find((s) => s === request.query.status) ?? 'reported';
    const t = requestTranslator(ctx.portal.views, request);
    const rows = await reportsByStatus(request.em, request.tenant.id, status);
    return reply.staffPage(
      'payments/staff/reports',
      {
        tabs: STATUSES.map((s) => ({ href: `/staff/payments/reports?status=${s}`, label: t(`reportStatus.${s}`), current: s === status })),
        status,
        waiting: status === 'reported',
        canReview: status === 'reported' && request.staff!.permissions.has(PERMISSION_REVIEW),
        savedFilters: await savedFilters(request, 'payments.reports', '/staff/payments/reports', { status: status === 'reported' ? undefined : status }),
        reports: rows.map((r) => ({ ...reportRow(r, t), receiptHref: `/staff/payments/reports/${r.id}/receipt`, customerHref: r.customerId ? `/staff/customers/${r.customerId}` : null })),
      },
      { title: 'payments.staff.reportsTitle', section: 'payments-reports' },
    );
  });

  app.get<{ Params: { id: string } }>('/payments/reports/:id/receipt', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const id = idParam(request.params.id);
    const report = id ? await findReport(request.em, request.tenant.id, id) : null;
    const file = report ? await ctx.portal.files.get(request.tenant.id, report.receiptKey) : null;
    if (!report || !file) return reply.callNotFound();
    return sendReceipt(reply, report, file);
  });

  app.post<{ Params: { id: string } }>('/payments/reports/:id/accept', { config: { permission: PERMISSION_REVIEW } }, async (request, reply) => {
    const id = idParam(request.params.id);
    const report = id ? await findReport(request.em, request.tenant.id, id) : null;
    if (!report) return reply.callNotFound();
    const t = requestTranslator(ctx.portal.views, request);
    const done = await inTransaction(request, () => decideReport(staffDecider(ctx, request), report, { status: 'accepted' }));
    reply.flash(done ? 'success' : 'error', t(done ? 'staff.accepted' : 'staff.alreadyDecided', { account: report.accountNumber }));
    return reply.redirect('/staff/payments/reports', 303);
  });

  app.post<{ Params: { id: string }; Body: { reason?: string } }>('/payments/reports/:id/reject', { config: { permission: PERMISSION_REVIEW } }, async (request, reply) => {
    const id = idParam(request.params.id);
    const report = id ? await findReport(request.em, request.tenant.id, id) : null;
    if (!report) return reply.callNotFound();
    const t = requestTranslator(ctx.portal.views, request);
    const reason = reasonOf(request.body?.reason);
    if (!reason) {
      reply.flash('error', t('staff.reasonRequired'));
      return reply.redirect('/staff/payments/reports', 303);
    }
    const done = await inTransaction(request, () => decideReport(staffDecider(ctx, request), report, { status: 'rejected', reason }));
    reply.flash(done ? 'success' : 'error', t(done ? 'staff.rejected' : 'staff.alreadyDecided', { account: report.accountNumber }));
    return reply.redirect('/staff/payments/reports', 303);
  });
}
