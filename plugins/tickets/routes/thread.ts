import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type PluginRoutesContext, requireCustomer, answerAgain, claimSubmission, earlierAnswer, recordAnswer, submissionOf } from 'portal/sdk';
import type { TicketRow } from '../entities.ts';
import { customerTicket } from '../data/read.ts';
import { inTransaction } from '../data/sql.ts';
import { readTicketForm } from '../files/read-form.ts';
import { checkFiles, removeFiles, saveFiles } from '../files/attachments.ts';
import { customerReopen, customerReply } from '../workflow/customer-actions.ts';
import { pageContext } from './page-context.ts';
import { auditSubject } from '../audit-subject.ts';
import { renderThread } from './thread-page.ts';
import { MESSAGE_MAX, requiredText } from './validate.ts';

type TicketParams = { Params: { number: string } };


/** One ticket: read it, answer it, or reopen it with a new message (seed 003). */
export function threadRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<TicketParams>('/tickets/:number', { preHandler: requireCustomer }, async (request, reply) => {
    const pc = pageContext(ctx, request);
    const ticket = await customerTicket(request.em, pc.customer.id, request.params.number);
    if (!ticket) return reply.callNotFound();
    return renderThread(reply, request, pc, ticket);
  });

  for (const action of ['reply', 'reopen'] as const) {
    app.post<TicketParams>(`/tickets/:number/${action}`, { preHandler: requireCustomer, config: { multipart: true } }, async (request, reply) => {
      const pc = pageContext(ctx, request);
      const { settings, t } = pc;
      const ticket = await customerTicket(request.em, pc.customer.id, request.params.number);
      if (!ticket) return reply.callNotFound();
      const form = await readTicketForm(request, settings.attachments);
      const submission = submissionOf(request, `tickets.${action}`, form.fields);
      const earlier = await earlierAnswer(request.em, submission);
      if (earlier) return answerAgain(ctx.portal.views, request, reply, earlier);
      const message = requiredText(form.fields.message, MESSAGE_MAX, 'message', t, request.locale);
      const checked = await checkFiles(form, settings, t, request.locale);
      const errors: { message?: string; attachments?: string[] } = {};
      if (message.error) errors.message = message.error;
      if (checked.errors.length) errors.attachments = [...checked.errors, t('attach.again')];
      if (Object.keys(errors).length) return renderThread(reply, request, pc, ticket, { message: message.value, errors, status: 422 });

      const stored = await saveFiles(ctx.portal.files, request.tenant.id, checked.files);
      let outcome;
      try {
        outcome = await inTransaction(request.em, async () => {
          const again = await claimSubmission(request.em, submission);
          if (again) return { again };
          const result = action === 'reply'
            ? await customerReply(pc.work, ticket, pc.customer.id, message.value, stored)
            : await customerReopen(pc.work, ticket, pc.customer.id, message.value, stored);
          if (result === 'ok') {
            auditAction(ctx, request, action, ticket);
            await recordAnswer(request.em, submission, `/tickets/${ticket.number}#latest`);
          }
          return result;
        });
      } catch (err) {
        await removeFiles(ctx.portal.files, request.tenant.id, stored);
        throw err;
      }
      if (typeof outcome === 'object') {
        await removeFiles(ctx.portal.files, request.tenant.id, stored);
        return answerAgain(ctx.portal.views, request, reply, outcome.again);
      }
      if (outcome !== 'ok') {
        await removeFiles(ctx.portal.files, request.tenant.id, stored);
        // The ticket changed under the customer (closed meanwhile, or already reopened): show it as it is now.
        await request.em.refresh(ticket);
        return renderThread(reply, request, pc, ticket, { message: message.value, notice: t(`errors.${outcome}`), status: 409 });
      }
      reply.flash('success', t(action === 'reply' ? 'flash.replied' : 'flash.reopened', { number: ticket.number }));
      return reply.redirect(`/tickets/${ticket.number}#latest`, 303);
    });
  }
}

function auditAction(ctx: PluginRoutesContext, request: FastifyRequest, action: 'reply' | 'reopen', ticket: TicketRow): void {
  ctx.portal.audit.record(request, { action: action === 'reply' ? 'tickets.replied' : 'tickets.reopened', outcome: 'success', subject: auditSubject(ticket.number) });
}
