import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer, translate, answerAgain, earlierAnswer, submissionOf } from 'portal/sdk';
import { checkSubmission } from '../domain/check-reading.ts';
import { formatLocalDate, formatNumber } from '../domain/format.ts';
import { submissionContext } from '../data/meter-state.ts';
import { checkPhoto, holdPhoto, isHeld } from '../photos/photos.ts';
import { unitOf } from '../view-models/meter-view.ts';
import { ownedMeterState, requestContext } from './request-context.ts';
import { readForm } from './read-form.ts';
import { fieldName, renderConfirm, renderForm } from './submit-pages.ts';
import { megabytes, problemMessage } from './problem-messages.ts';
import { acceptSubmission } from './accept-submission.ts';

type MeterParams = { Params: { meterId: string } };
type FormQuery = { Querystring: Record<string, string | undefined> };

/** "Aportar lectura": the form, its checks, the confirmation step for unusual values, and the receipt. */
export function submitRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<MeterParams & FormQuery>('/meter-readings/:meterId/submit', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = requestContext(ctx, request);
    const state = await ownedMeterState(request, rc, request.params.meterId);
    if (!state) return reply.callNotFound();
    // What the customer typed comes back from the confirmation step to be corrected; else what was sent before.
    const values = Object.fromEntries(state.submission.map((r) => [r.register, String(r.value)]));
    for (const code of state.meter.registers) {
      const typed = request.query[fieldName(code)];
      if (typeof typed === 'string' && /^\d{1,15}$/.test(typed)) values[code] = typed;
    }
    return renderForm(reply, rc, state, submissionContext(state, rc.settings.plausibilityFactor).previous, { values, errors: {} });
  });

  app.post<MeterParams>('/meter-readings/:meterId/submit', { preHandler: requireCustomer, config: { multipart: true } }, async (request, reply) => {
    const rc = requestContext(ctx, request);
    const { settings, t } = rc;
    const state = await ownedMeterState(request, rc, request.params.meterId);
    if (!state) return reply.callNotFound();
    const form = await readForm(request, settings.photoMaxBytes);
    const submission = submissionOf(request, 'meter-readings.submit', form.fields);
    const earlier = await earlierAnswer(request.em, submission);
    if (earlier) return answerAgain(ctx.portal.views, request, reply, earlier);
    const checkCtx = submissionContext(state, settings.plausibilityFactor);
    const values = Object.fromEntries(state.meter.registers.map((code) => [code, (form.fields[fieldName(code)] ?? '').trim()]));
    const show = (errors: Record<string, string>, notice: string | undefined, status: number) =>
      renderForm(reply, rc, state, checkCtx.previous, { values, errors, notice, status });

    if (!state.window.current) return show({}, undefined, 409);
    if (state.submission.some((r) => r.billedAt)) return show({}, t('errors.alreadyBilled'), 409);

    const unit = unitOf(state.meter, settings);
    const check = checkSubmission(values, checkCtx);
    const errors: Record<string, string> = {};
    if (!check.ok) for (const [code, problem] of Object.entries(check.problems)) errors[fieldName(code)] = problemMessage(problem, unit, t);
    const notice = !check.ok && check.notAfter ? t('errors.notAfter', { date: formatLocalDate(check.notAfter) }) : undefined;

    const tenantId = request.tenant.id;
    let photo: { data: Buffer; mime: string } | null = null;
    const offered = form.fields.photoToken;
    const heldKey = offered && (await isHeld(request.em, tenantId, rc.customerId, offered)) ? offered : null;
    if (settings.photo !== 'off') {
      if (form.photoTooLarge) errors.photo = t('errors.photo.too-large', { max: megabytes(settings.photoMaxBytes) });
      else if (form.photo) {
        const checked = await checkPhoto(form.photo.data, form.photo.filename, settings.photoMaxBytes);
        if (checked.ok) photo = { data: form.photo.data, mime: checked.mime };
        else errors.photo = t(`errors.photo.${checked.reason}`, { max: megabytes(settings.photoMaxBytes) });
      }
      const kept = state.submission.some((r) => r.photoPath);
      if (settings.photo === 'required' && !errors.photo && !photo && !heldKey && !kept) errors.photo = t('errors.photo.required');
    }
    if (!check.ok || Object.keys(errors).length > 0) return show(errors, notice, 422);

    const confirmed = form.fields.confirm === 'yes';
    if (check.implausible && !confirmed) {
      const held = photo ? await holdPhoto(request.em, ctx.portal.files, tenantId, rc.customerId, photo.data, photo.mime) : heldKey;
      return renderConfirm(reply, rc, state, values, { ...check, usual: checkCtx.usualDaily }, held);
    }

    const saved = await acceptSubmission(request, ctx.portal, rc, state, {
      values: check.values,
      confirmedImplausible: check.implausible,
      photo: photo ?? (heldKey ? { heldKey } : null),
      submission,
    });
    if (typeof saved === 'object') return answerAgain(ctx.portal.views, request, reply, saved.again);
    if (!saved) return show({}, t('errors.alreadyBilled'), 409);
    const shown = state.meter.registers.map((code) => formatNumber(check.values[code])).join(' · ');
    reply.flash(
      'success',
      translate(ctx.portal.views, request, request.customer!.email ? 'meter-readings.submittedMailed' : 'meter-readings.submitted', {
        value: shown,
        unit,
        closesOn: formatLocalDate(state.window.current.lastDay),
      }),
    );
    return reply.redirect(`/meter-readings/${state.meter.id}`, 303);
  });
}
