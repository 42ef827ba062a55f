import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRoutesContext } from 'portal/sdk';
import { requestById } from '../data/requests.ts';
import { decide } from '../data/decide.ts';
import { staffDecider } from '../data/decider.ts';
import { requestTranslator, typeLabels } from '../i18n.ts';
import { MESSAGE_MAX } from './detail.ts';
import { PAGE_SIZE } from './queue-query.ts';
import { PERMISSION_DECIDE } from './permissions.ts';

type BulkRequest = { Body: { request?: string | string[]; reason?: string; back?: string } };

/** The checkboxes are on one page of the queue. */
const MAX_ITEMS = PAGE_SIZE;

/** Back to the queue as it was filtered; anything but the queue itself is refused. */
function backTo(body: BulkRequest['Body'] | undefined): string {
  const back = body?.back ?? '';
  return /^\/staff\/service-requests(\?[\w=&%.-]*)?$/.test(back) ? back : '/staff/service-requests';
}

/**
 * Taking many requests into review, or rejecting many with one reason. Each goes through the same
 * `decide` as one action on its page — its own transaction with the row locked, the state
 * machine's check, the type's onReject, the history line, one audit entry, the customer's email —
 * so a request another operator moved meanwhile (or one whose state does not allow the step, such
 * as an approved one) is named and left as it is, and the others go ahead.
 */
export function bulkRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  const decideEach = async (request: FastifyRequest<BulkRequest>, reply: FastifyReply, action: 'review' | 'reject', message: string | null) => {
    const t = requestTranslator(ctx.portal.views, request);
    const raw = [...new Set(([] as unknown[]).concat(request.body?.request ?? []).filter((v): v is string => typeof v === 'string'))];
    if (raw.length === 0 || raw.length > MAX_ITEMS) {
      reply.flash('error', raw.length ? t('staff.bulk.tooMany', { max: MAX_ITEMS }) : t('staff.bulk.none'));
      return reply.redirect(backTo(request.body), 303);
    }
    const number = (n: number) => t('numberShort', { number: n });
    const done: string[] = [];
    const unchanged: string[] = [];
    const refused: string[] = [];
    let missing = 0;
    for (const id of raw) {
      const row = await requestById(request.em, id);
      if (!row) {
        missing++;
        continue;
      }
      const result = await decide(request, ctx.portal, staffDecider(request, ctx), row.id, action, message);
      if (result.ok) done.push(number(row.number));
      else if (result.problem === 'not-found') missing++;
      else if (result.problem === 'state') {
        const now = await requestById(request.em, id);
        unchanged.push(`${number(row.number)} (${t(`status.${now?.status ?? row.status}`)})`);
      } else {
        const reason = result.type
          ? typeLabels(ctx.portal.views, request.tenant, request.locale, result.type).message(result.error)
          : ctx.portal.views.catalogFor(request.tenant).t(request.locale, result.error.key, result.error.params);
        refused.push(`${number(row.number)} (${reason})`);
      }
    }
    const parts = [];
    if (done.length) parts.push(t(`staff.bulk.${action === 'review' ? 'reviewed' : 'rejected'}`, { count: done.length, list: done.join(', ') }));
    if (unchanged.length) parts.push(t('staff.bulk.unchanged', { count: unchanged.length, list: unchanged.join(', ') }));
    if (refused.length) parts.push(t('staff.bulk.refused', { count: refused.length, list: refused.join('; ') }));
    if (missing) parts.push(t('staff.bulk.missing', { count: missing }));
    reply.flash(done.length ? 'success' : 'error', parts.join(' '));
    return reply.redirect(backTo(request.body), 303);
  };

  app.post<BulkRequest>('/service-requests/bulk/review', { config: { permission: PERMISSION_DECIDE } }, async (request, reply) => decideEach(request, reply, 'review', null));

  app.post<BulkRequest>('/service-requests/bulk/reject', { config: { permission: PERMISSION_DECIDE } }, async (request, reply) => {
    const reason = typeof request.body?.reason === 'string' ? request.body.reason.replace(/\r\n/g, '\n').trim() : '';
    if (reason.length < 3 || reason.length > MESSAGE_MAX) {
      reply.flash('error', requestTranslator(ctx.portal.views, request)('staff.bulk.reasonRequired', { max: MESSAGE_MAX }));
      return reply.redirect(backTo(request.body), 303);
    }
    return decideEach(request, reply, 'reject', reason);
  });
}
