import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRoutesContext } from 'portal/sdk';
import type { TicketRow } from '../entities.ts';
import type { TicketsSettings } from '../settings.ts';
import { translator, type Translate } from '../i18n.ts';
import { tenantTicket } from '../data/read.ts';
import { inTransaction } from '../data/sql.ts';
import { assignableStaff } from '../data/staff.ts';
import { assign, closeTicket, staffNote, staffReopen, staffReply, type Operator } from '../workflow/staff-actions.ts';
import type { Work } from '../workflow/work.ts';
import { auditSubject } from '../audit-subject.ts';
import { MESSAGE_MAX, requiredText } from '../routes/validate.ts';
import { PERMISSION_ASSIGN, PERMISSION_REPLY, REPLY_ROLES } from '../permissions.ts';
import { renderStaffTicket } from './ticket-page.ts';

type ActionRequest = { Params: { number: string }; Body: Record<string, string | undefined> };

interface ActionContext {
  work: Work;
  ticket: TicketRow;
  operator: Operator;
  t: Translate;
}

/**
 * What an operator does to a ticket. Each action, its event and its audit entry commit together;
 * an action that finds the ticket already changed (two operators at once) says so and changes nothing.
 */
export function actionRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  const action = (
    path: string,
    permission: string,
    handler: (ac: ActionContext, request: FastifyRequest<ActionRequest>, reply: FastifyReply) => Promise<unknown>,
  ) =>
    app.post<ActionRequest>(`/tickets/:number/${path}`, { config: { permission: permission } }, async (request, reply) => {
      const ticket = await tenantTicket(request.em, request.params.number);
      if (!ticket) return reply.callNotFound();
      const settings = ctx.settings<TicketsSettings>(request);
      const ac: ActionContext = {
        work: { em: request.em, tenant: request.tenant, portal: ctx.portal, settings },
        ticket,
        operator: { id: request.staff!.id, name: request.staff!.name },
        t: translator(ctx.portal.views, request.tenant, request.locale),
      };
      return handler(ac, request, reply);
    });

  const done = (reply: FastifyReply, ticket: TicketRow, kind: 'success' | 'info', message: string) => {
    reply.flash(kind, message);
    return reply.redirect(`/staff/tickets/${ticket.number}`, 303);
  };

  const audited = (request: FastifyRequest, ticket: TicketRow, verb: string, details?: Record<string, unknown>) =>
    ctx.audit(request, { action: `tickets.${verb}`, outcome: 'success', subject: auditSubject(ticket.number), details: { number: ticket.number, ...details } });

  for (const kind of ['reply', 'note'] as const) {
    action(kind, PERMISSION_REPLY, async ({ work, ticket, operator, t }, request, reply) => {
      const message = requiredText(request.body?.message, MESSAGE_MAX, 'message', t, request.locale);
      if (message.error) return renderStaffTicket(ctx, request, reply, ticket, { form: kind, message: message.value, error: message.error, status: 422 });
      const outcome = await inTransaction(request.em, async () => {
        if (kind === 'note') {
          await staffNote(work, ticket, operator, message.value);
          audited(request, ticket, 'noted');
          return 'ok';
        }
        const result = await staffReply(work, ticket, operator, message.value);
        if (result === 'ok') audited(request, ticket, 'replied');
        return result;
      });
      if (outcome === 'closed') {
        await request.em.refresh(ticket);
        return renderStaffTicket(ctx, request, reply, ticket, { form: kind, message: message.value, error: t('staff.errors.closed'), status: 409 });
      }
      return done(reply, ticket, 'success', t(kind === 'reply' ? 'staff.flash.replied' : 'staff.flash.noted'));
    });
  }

  action('close', PERMISSION_REPLY, async ({ work, ticket, operator, t }, request, reply) => {
    const closed = await inTransaction(request.em, async () => {
      const changed = await closeTicket(work, ticket, { type: 'staff', id: operator.id });
      if (changed) audited(request, ticket, 'closed', { from: ticket.status });
      return changed;
    });
    return done(reply, ticket, closed ? 'success' : 'info', t(closed ? 'staff.flash.closed' : 'staff.flash.alreadyClosed'));
  });

  action('reopen', PERMISSION_REPLY, async ({ work, ticket, operator, t }, request, reply) => {
    const reopened = await inTransaction(request.em, async () => {
      const changed = await staffReopen(work, ticket, operator);
      if (changed) audited(request, ticket, 'reopened');
      return changed;
    });
    return done(reply, ticket, reopened ? 'success' : 'info', t(reopened ? 'staff.flash.reopened' : 'staff.flash.notClosed'));
  });

  action('assign', PERMISSION_ASSIGN, async ({ work, ticket, operator, t }, request, reply) => {
    const raw = request.body?.assignee ?? '';
    const operators = await assignableStaff(request.em, REPLY_ROLES);
    const assignee = raw === '' ? null : (operators.find((o) => String(o.id) === raw) ?? undefined);
    // Someone who cannot answer tickets, is locked, or belongs to another tenant is not on the list.
    if (assignee === undefined) return done(reply, ticket, 'info', t('staff.flash.unknownAssignee'));
    const changed = await inTransaction(request.em, async () => {
      const moved = await assign(work, ticket, operator, assignee?.id ?? null);
      if (moved) audited(request, ticket, 'assigned', { to: assignee?.id ?? null });
      return moved;
    });
    if (!changed) return done(reply, ticket, 'info', t('staff.flash.unchanged'));
    return done(reply, ticket, 'success', assignee ? t('staff.flash.assigned', { name: assignee.name }) : t('staff.flash.unassigned'));
  });
}
