import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localDate, type StaffRoutesContext } from 'portal/sdk';
import { requestTranslator } from '../i18n.ts';
import { inTransaction, reasonOf, staffDecider } from './decide.ts';
import { decideAgreement, type AgreementDecision } from './decide-agreement.ts';
import { agreementTarget } from './agreements-queue.ts';
import { PERMISSION_AGREEMENTS } from './permissions.ts';

type BulkRequest = { Body: { agreement?: string | string[]; reason?: string } };

const BACK = '/staff/payments/agreements';
/** The pending tab lists them all on one page; a choice of more than this is not from it. */
const MAX_ITEMS = 100;

/**
 * Approving or rejecting many agreement requests at once. Each goes through `decideAgreement` in
 * its own transaction, exactly as one decision (the request's row locked, schedule, email, one
 * audit entry), so of two operators deciding the same request at once one decides and the other
 * is told it was already decided; an approval over a debt that changed since the request is
 * refused for that request only, and named.
 */
export function bulkAgreementRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  const decideEach = async (request: FastifyRequest<BulkRequest>, reply: FastifyReply, decision: AgreementDecision) => {
    const t = requestTranslator(ctx.portal.views, request);
    const raw = [...new Set(([] as unknown[]).concat(request.body?.agreement ?? []).filter((v): v is string => typeof v === 'string'))];
    if (raw.length === 0 || raw.length > MAX_ITEMS) {
      reply.flash('error', raw.length ? t('staff.bulk.tooManyAgreements', { max: MAX_ITEMS }) : t('staff.bulk.noAgreement'));
      return reply.redirect(BACK, 303);
    }
    const done: string[] = [];
    const already: string[] = [];
    const debtChanged: string[] = [];
    let missing = 0;
    for (const id of raw) {
      // Another tenant's id, or none: counted as not found, nothing more said about it.
      const target = await agreementTarget(request.em, request.tenant.id, id);
      if (!target) {
        missing++;
        continue;
      }
      const outcome = await inTransaction(request, () => decideAgreement(staffDecider(ctx, request), target, decision));
      if (outcome.done) done.push(target.accountNumber);
      else (outcome.why === 'decided' ? already : debtChanged).push(target.accountNumber);
    }
    const parts = [];
    if (done.length) parts.push(t(decision.status === 'approved' ? 'staff.bulk.approved' : 'staff.bulk.rejected', { count: done.length, list: done.join(', ') }));
    if (already.length) parts.push(t('staff.bulk.alreadyDecided', { count: already.length, list: already.join(', ') }));
    if (debtChanged.length) parts.push(t('staff.bulk.debtChanged', { count: debtChanged.length, list: debtChanged.join(', ') }));
    if (missing) parts.push(t('staff.bulk.missing', { count: missing }));
    reply.flash(done.length ? 'success' : 'error', parts.join(' '));
    return reply.redirect(BACK, 303);
  };

  app.post<BulkRequest>('/payments/agreements/bulk/approve', { config: { permission: PERMISSION_AGREEMENTS } }, async (request, reply) =>
    decideEach(request, reply, { status: 'approved', today: localDate(new Date(), request.tenant.timezone) }),
  );

  app.post<BulkRequest>('/payments/agreements/bulk/reject', { config: { permission: PERMISSION_AGREEMENTS } }, async (request, reply) => {
    const reason = reasonOf(request.body?.reason);
    if (!reason) {
      reply.flash('error', requestTranslator(ctx.portal.views, request)('staff.reasonRequired'));
      return reply.redirect(BACK, 303);
    }
    return decideEach(request, reply, { status: 'rejected', reason });
  });
}
