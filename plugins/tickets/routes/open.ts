import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type PluginRoutesContext, requireCustomer, answerAgain, claimSubmission, earlierAnswer, recordAnswer, submissionOf } from 'portal/sdk';
import { Ticket } from '../entities.ts';
import { inTransaction } from '../data/sql.ts';
import { choosableServices, type ServiceChoice } from '../data/services.ts';
import { readTicketForm } from '../files/read-form.ts';
import { checkFiles, removeFiles, saveFiles } from '../files/attachments.ts';
import { openTicket } from '../workflow/customer-actions.ts';
import { EMPTY_OPEN_FORM, openFormView, type OpenFormState } from '../view-models/open-form.ts';
import { pageContext, type PageContext } from './page-context.ts';
import { auditSubject } from '../audit-subject.ts';
import { MESSAGE_MAX, requiredText, SUBJECT_MAX } from './validate.ts';

/** Tickets one customer may open in an hour: plenty for a person, a wall for a script. */
const OPENED_PER_HOUR = 10;


/** "Nuevo ticket": the service it concerns, a category, subject, message and files. */
export function openRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get('/tickets/new', { preHandler: requireCustomer }, async (request, reply) => {
    const pc = pageContext(ctx, request);
    const services = await choosableServices(request.em, pc.customer.accounts, pc.settings);
    const state: OpenFormState = { ...EMPTY_OPEN_FORM, values: { ...EMPTY_OPEN_FORM.values, service: services.length === 1 ? String(services[0].id) : '' } };
    return renderForm(reply, request, pc, services, state, 200);
  });

  app.post('/tickets', { preHandler: requireCustomer, config: { multipart: true } }, async (request, reply) => {
    const pc = pageContext(ctx, request);
    const { settings, t, customer } = pc;
    const services = await choosableServices(request.em, customer.accounts, settings);
    const form = await readTicketForm(request, settings.attachments);
    const submission = submissionOf(request, 'tickets.open', form.fields);
    const earlier = await earlierAnswer(request.em, submission);
    if (earlier) return answerAgain(ctx.portal.views, request, reply, earlier);
    const subject = requiredText(form.fields.subject, SUBJECT_MAX, 'subject', t, request.locale);
    const message = requiredText(form.fields.message, MESSAGE_MAX, 'message', t, request.locale);
    const state: OpenFormState = {
      values: { service: form.fields.service ?? '', category: form.fields.category ?? '', subject: subject.value, message: message.value },
      errors: {},
    };
    const service = services.find((s) => String(s.id) === state.values.service) ?? null;
    if (state.values.service && !service) state.errors.service = t('errors.serviceUnknown');
    else if (!service && services.length > 0 && settings.services.required) state.errors.service = t('errors.serviceRequired');
    if (!settings.categories.some((c) => c.id === state.values.category)) state.errors.category = t('errors.categoryRequired');
    if (subject.error) state.errors.subject = subject.error;
    if (message.error) state.errors.message = message.error;
    const checked = await checkFiles(form, settings, t, request.locale);
    if (checked.errors.length) state.errors.attachments = [...checked.errors, t('attach.again')];
    if (Object.keys(state.errors).length) return renderForm(reply, request, pc, services, state, 422);

    const hourAgo = new Date(Date.now() - 3_600_000);
    if ((await request.em.count(Ticket, { customerId: customer.id, createdAt: { $gt: hourAgo } })) >= OPENED_PER_HOUR) {
      return renderForm(reply, request, pc, services, { ...state, notice: t('errors.tooMany') }, 429);
    }

    const stored = await saveFiles(ctx.portal.files, request.tenant.id, checked.files);
    let opened;
    try {
      opened = await inTransaction(request.em, async () => {
        const again = await claimSubmission(request.em, submission);
        if (again) return { again };
        const created = await openTicket(pc.work, {
          customerId: customer.id,
          accountId: service?.accountId ?? (customer.accounts.length === 1 ? customer.accounts[0].id : null),
          serviceId: service?.id ?? null,
          category: state.values.category,
          subject: subject.value,
          body: message.value,
          files: stored,
        });
        ctx.portal.audit.record(request, { action: 'tickets.opened', outcome: 'success', subject: auditSubject(created.number) });
        await recordAnswer(request.em, submission, `/tickets/${created.number}`);
        return created;
      });
    } catch (err) {
      await removeFiles(ctx.portal.files, request.tenant.id, stored);
      throw err;
    }
    if ('again' in opened) {
      // The same form, sent at the same moment, opened the ticket first.
      await removeFiles(ctx.portal.files, request.tenant.id, stored);
      return answerAgain(ctx.portal.views, request, reply, opened.again);
    }
    reply.flash('success', t(customer.email ? 'flash.openedMailed' : 'flash.opened', { number: opened.number }));
    return reply.redirect(`/tickets/${opened.number}`, 303);
  });
}

function renderForm(reply: FastifyReply, request: FastifyRequest, pc: PageContext, services: ServiceChoice[], state: OpenFormState, status: number) {
  return reply.page('tickets/new', { form: openFormView(pc.settings, services, state, pc.t, request.locale) }, { title: 'tickets.new.title', section: 'tickets', status });
}
