import type { FastifyInstance } from 'fastify';
import type { StaffRoutesContext } from 'portal/sdk';
import { idFrom, requestById } from '../data/requests.ts';
import { decide, type StaffAction } from '../data/decide.ts';
import { staffDecider } from '../data/decider.ts';
import { requestTranslator, typeLabels } from '../i18n.ts';
import { MESSAGE_MAX, renderStaffDetail, type ActionForms } from './detail.ts';
import { PERMISSION_DECIDE } from './permissions.ts';

type ActionRequest = { Params: { id: string }; Body: { message?: string; confirm?: string } };

/** Which actions need words from the operator: a question for the customer, a reason for a no. */
const NEEDS_MESSAGE: Partial<Record<StaffAction, keyof ActionForms>> = { ask: 'ask', reject: 'reject' };

const FLASH: Record<StaffAction, string> = {
  review: 'staff.done.review',
  ask: 'staff.done.ask',
  approve: 'staff.done.approve',
  reject: 'staff.done.reject',
};

/** Take for review, ask for more information, approve, reject: each audited and emailed to the customer. */
export function actionRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  for (const action of ['review', 'ask', 'approve', 'reject'] as const) {
    app.post<ActionRequest>(`/service-requests/:id/${action}`, { config: { permission: PERMISSION_DECIDE } }, async (request, reply) => {
      const id = idFrom(request.params.id);
      const row = id ? await requestById(request.em, request.params.id) : null;
      if (!row) return reply.callNotFound();
      const t = requestTranslator(ctx.portal.views, request);
      const message = typeof request.body?.message === 'string' ? request.body.message.replace(/\r\n/g, '\n').trim() : '';
      const form = NEEDS_MESSAGE[action];
      if (form && (!message || message.length > MESSAGE_MAX)) {
        const error = message ? t('form.errors.maxLength', { limit: MESSAGE_MAX }) : t(`staff.errors.${action}Empty`);
        return renderStaffDetail(request, reply, ctx, row, { [form]: { message, error } }, 422);
      }
      if (action === 'approve' && request.body?.confirm !== 'yes') {
        return renderStaffDetail(request, reply, ctx, row, { approve: { error: t('staff.errors.confirm') } }, 422);
      }

      const result = await decide(request, ctx.portal, staffDecider(request, ctx), row.id, action, form ? message : null);
      if (result.ok) {
        reply.flash('success', t(FLASH[action], { number: row.number }));
        return reply.redirect(`/staff/service-requests/${row.id}`, 303);
      }
      if (result.problem === 'not-found') return reply.callNotFound();
      const fresh = (await requestById(request.em, request.params.id))!;
      if (result.problem === 'state') {
        // Nothing changed: the page as it stands now, saying why (not a redirect that hides the refusal).
        const why = action === 'approve' && fresh.status === 'needs_info' ? t('staff.errors.waitingForCustomer') : t('staff.errors.state', { status: t(`status.${fresh.status}`) });
        return renderStaffDetail(request, reply, ctx, fresh, { state: why }, 409);
      }
      // The type refused (plan withdrawn, service gone…): nothing changed; say why on the page.
      const reason = result.type
        ? typeLabels(ctx.portal.views, request.tenant, request.locale, result.type).message(result.error)
        : ctx.portal.views.catalogFor(request.tenant).t(request.locale, result.error.key, result.error.params);
      const text = t('staff.errors.refused', { reason });
      return renderStaffDetail(request, reply, ctx, fresh, action === 'approve' ? { approve: { error: text } } : { reject: { message, error: text } }, 409);
    });
  }
}
