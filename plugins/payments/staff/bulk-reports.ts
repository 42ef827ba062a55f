import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRoutesContext } from 'portal/sdk';
import { findReport } from '../data/reports.ts';
import { requestTranslator } from '../i18n.ts';
import { inTransaction, reasonOf, staffDecider } from './decide.ts';
import { decideReport, type ReportDecision } from './decide-report.ts';
import { PERMISSION_REVIEW } from './permissions.ts';

type BulkRequest = { Body: { report?: string | string[]; reason?: string } };

/** The queue shows up to 100 reports: a choice is at most that. */
const MAX_ITEMS = 100;

/**
 * Accepting or rejecting many reported payments at once. Each report is decided in its own
 * transaction, through the same `decideReport` as one decision (payment recorded, customer told,
 * one audit entry), so one already decided by someone else a moment earlier is reported as such
 * and the others go ahead. Two operators deciding the same report at once: the conditional
 * UPDATE of `closeReport` lets exactly one of them through.
 */
export function bulkReportRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  const decideEach = async (request: FastifyRequest<BulkRequest>, reply: FastifyReply, decision: ReportDecision) => {
    const t = requestTranslator(ctx.portal.views, request);
    const ids = [...new Set(([] as unknown[]).concat(request.body?.report ?? []).map(Number).filter((id) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647))];
    if (ids.length === 0 || ids.length > MAX_ITEMS) {
      reply.flash('error', ids.length ? t('staff.bulk.tooMany', { max: MAX_ITEMS }) : t('staff.bulk.none'));
      return reply.redirect('/staff/payments/reports', 303);
    }
    const done: string[] = [];
    const already: string[] = [];
    for (const id of ids) {
      const report = await findReport(request.em, request.tenant.id, id);
      // Another tenant's id, or none: nothing to say about it beyond "not done".
      if (!report) continue;
      const decided = await inTransaction(request, () => decideReport(staffDecider(ctx, request), report, decision));
      (decided ? done : already).push(report.accountNumber);
    }
    const parts = [];
    if (done.length) parts.push(t(decision.status === 'accepted' ? 'staff.bulk.accepted' : 'staff.bulk.rejected', { count: done.length, list: done.join(', ') }));
    if (already.length) parts.push(t('staff.bulk.alreadyDecided', { count: already.length, list: already.join(', ') }));
    if (done.length + already.length < ids.length) parts.push(t('staff.bulk.missing', { count: ids.length - done.length - already.length }));
    reply.flash(done.length ? 'success' : 'error', parts.join(' '));
    return reply.redirect('/staff/payments/reports', 303);
  };

  app.post<BulkRequest>('/payments/reports/bulk/accept', { config: { permission: PERMISSION_REVIEW } }, async (request, reply) =>
    decideEach(request, reply, { status: 'accepted' }),
  );

  app.post<BulkRequest>('/payments/reports/bulk/reject', { config: { permission: PERMISSION_REVIEW } }, async (request, reply) => {
    const reason = reasonOf(request.body?.reason);
    if (!reason) {
      reply.flash('error', requestTranslator(ctx.portal.views, request)('staff.reasonRequired'));
      return reply.redirect('/staff/payments/reports', 303);
    }
    return decideEach(request, reply, { status: 'rejected', reason });
  });
}
