import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRoutesContext } from 'portal/sdk';
import type { TicketsSettings } from '../settings.ts';
import { translator, type Translate } from '../i18n.ts';
import { tenantTicket } from '../data/read.ts';
import { inTransaction } from '../data/sql.ts';
import { assignableStaff } from '../data/staff.ts';
import { assign, closeTicket } from '../workflow/staff-actions.ts';
import type { Work } from '../workflow/work.ts';
import type { TicketRow } from '../entities.ts';
import { auditSubject } from '../audit-subject.ts';
import { PERMISSION_ASSIGN, PERMISSION_REPLY, REPLY_ROLES } from '../permissions.ts';
import { QUEUE_PAGE } from './queue-query.ts';

type BulkRequest = { Body: { ticket?: string | string[]; assignee?: string; back?: string } };

/** At most a page of the queue at once: the checkboxes are on one page. */
const MAX_ITEMS = QUEUE_PAGE * 2;

/** Numbers the operator ticked, as sent; duplicates once. */
function chosen(body: BulkRequest['Body'] | undefined): string[] {
  return [...new Set(([] as unknown[]).concat(body?.ticket ?? []).filter((v): v is string => typeof v === 'string'))];
}

/** Back to the queue as it was filtered; anything but the queue itself is refused. */
function backTo(body: BulkRequest['Body'] | undefined): string {
  const back = body?.back ?? '';
  return /^\/staff\/tickets(\?[\w=&%.-]*)?$/.test(back) ? back : '/staff/tickets';
}

interface Outcome {
  done: number[];
  unchanged: number[];
  missing: string[];
}

/**
 * Assigning or closing many tickets from the queue. Each ticket is its own transaction with its
 * own history event and audit entry, exactly as if done on its page: one already closed (or
 * assigned) by someone else meanwhile is reported as unchanged and does not stop the others.
 */
export function bulkRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  const eachTicket = async (
    request: FastifyRequest<BulkRequest>,
    reply: FastifyReply,
    act: (work: Work, ticket: TicketRow, t: Translate) => Promise<boolean>,
  ): Promise<Outcome | null> => {
    const t = translator(ctx.portal.views, request.tenant, request.locale);
    const numbers = chosen(request.body);
    if (numbers.length === 0 || numbers.length > MAX_ITEMS) {
      reply.flash('error', numbers.length ? t('staff.bulk.tooMany', { max: MAX_ITEMS }) : t('staff.bulk.none'));
      return null;
    }
    const work: Work = { em: request.em, tenant: request.tenant, portal: ctx.portal, settings: ctx.settings<TicketsSettings>(request) };
    const outcome: Outcome = { done: [], unchanged: [], missing: [] };
    for (const raw of numbers) {
      const ticket = await tenantTicket(request.em, raw);
      if (!ticket) {
        outcome.missing.push(raw.slice(0, 12));
        continue;
      }
      const changed = await inTransaction(request.em, () => act(work, ticket, t));
      (changed ? outcome.done : outcome.unchanged).push(ticket.number);
    }
    return outcome;
  };

  const report = (request: FastifyRequest<BulkRequest>, reply: FastifyReply, o: Outcome, doneKey: string, params: Record<string, unknown> = {}) => {
    const t = translator(ctx.portal.views, request.tenant, request.locale);
    const list = (numbers: (number | string)[]) => numbers.map((n) => t('numberShort', { number: n })).join(', ');
    const parts = [];
    if (o.done.length) parts.push(t(doneKey, { ...params, count: o.done.length, list: list(o.done) }));
    if (o.unchanged.length) parts.push(t('staff.bulk.unchanged', { count: o.unchanged.length, list: list(o.unchanged) }));
    if (o.missing.length) parts.push(t('staff.bulk.missing', { count: o.missing.length, list: o.missing.join(', ') }));
    reply.flash(o.done.length ? 'success' : 'info', parts.join(' '));
  };

  app.post<BulkRequest>('/tickets/bulk/assign', { config: { permission: PERMISSION_ASSIGN } }, async (request, reply) => {
    const t = translator(ctx.portal.views, request.tenant, request.locale);
    const raw = request.body?.assignee === 'me' ? String(request.staff!.id) : (request.body?.assignee ?? '');
    const operators = await assignableStaff(request.em, REPLY_ROLES);
    const assignee = raw === '' ? null : (operators.find((o) => String(o.id) === raw) ?? undefined);
    if (assignee === undefined) {
      reply.flash('error', t('staff.flash.unknownAssignee'));
      return reply.redirect(backTo(request.body), 303);
    }
    const operator = { id: request.staff!.id, name: request.staff!.name };
    const outcome = await eachTicket(request, reply, async (work, ticket) => {
      const moved = await assign(work, ticket, operator, assignee?.id ?? null);
      if (moved) ctx.audit(request, { action: 'tickets.assigned', outcome: 'success', subject: auditSubject(ticket.number), details: { number: ticket.number, to: assignee?.id ?? null, bulk: true } });
      return moved;
    });
    if (outcome) report(request, reply, outcome, assignee ? 'staff.bulk.assigned' : 'staff.bulk.unassigned', { name: assignee?.name });
    return reply.redirect(backTo(request.body), 303);
  });

  app.post<BulkRequest>('/tickets/bulk/close', { config: { permission: PERMISSION_REPLY } }, async (request, reply) => {
    const actor = { type: 'staff' as const, id: request.staff!.id };
    const outcome = await eachTicket(request, reply, async (work, ticket) => {
      const closed = await closeTicket(work, ticket, actor);
      if (closed) ctx.audit(request, { action: 'tickets.closed', outcome: 'success', subject: auditSubject(ticket.number), details: { number: ticket.number, from: ticket.status, bulk: true } });
      return closed;
    });
    if (outcome) report(request, reply, outcome, 'staff.bulk.closed');
    return reply.redirect(backTo(request.body), 303);
  });
}
