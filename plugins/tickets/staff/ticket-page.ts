import type { FastifyReply, FastifyRequest } from 'fastify';
import { type StaffRoutesContext, Account, AccountService, Customer } from 'portal/sdk';
import type { TicketRow } from '../entities.ts';
import { categoryLabel, type TicketsSettings } from '../settings.ts';
import { translator } from '../i18n.ts';
import { staffThread } from '../data/read.ts';
import { assignableStaff, staffNamesOf } from '../data/staff.ts';
import { historyItems, threadItems, type ThreadOptions } from '../view-models/thread-view.ts';
import { statusView } from '../view-models/status.ts';
import { serviceLabel } from '../view-models/open-form.ts';
import { PERMISSION_ASSIGN, PERMISSION_REPLY, REPLY_ROLES } from '../permissions.ts';

export interface StaffFormState {
  /** Which form the values and error belong to. */
  form?: 'reply' | 'note';
  message?: string;
  error?: string;
  status?: number;
}

/** An operator's view of a ticket: the whole thread with internal notes, its history, and the actions the operator may take. */
export async function renderStaffTicket(ctx: StaffRoutesContext, request: FastifyRequest, reply: FastifyReply, ticket: TicketRow, state: StaffFormState = {}) {
  const settings = ctx.settings<TicketsSettings>(request);
  const t = translator(ctx.portal.views, request.tenant, request.locale);
  const em = request.em;
  const thread = await staffThread(em, ticket.id);
  const names = await staffNamesOf(em, thread, [ticket.assignedTo]);
  const requester = await em.findOne(Customer, { id: ticket.customerId });
  const account = ticket.accountId ? await em.findOne(Account, { id: ticket.accountId }) : null;
  const service = ticket.serviceId ? await em.findOne(AccountService, { id: ticket.serviceId }) : null;
  const can = {
    reply: request.staff!.permissions.has(PERMISSION_REPLY),
    assign: request.staff!.permissions.has(PERMISSION_ASSIGN),
    customer: request.staff!.permissions.has('customers.view'),
  };
  const options: ThreadOptions = {
    audience: 'staff',
    t,
    locale: request.locale,
    staffNames: names,
    customerName: requester?.name ?? '—',
    showStaffNames: true,
    attachmentHref: (id) => `/staff/tickets/${ticket.number}/attachments/${id}`,
  };
  const operators = can.assign ? await assignableStaff(em, REPLY_ROLES) : [];
  const closed = ticket.status === 'closed';
  return reply.staffPage(
    'tickets/staff/ticket',
    {
      ticket: {
        number: ticket.number,
        subject: ticket.subject,
        base: `/staff/tickets/${ticket.number}`,
        status: statusView(ticket.status, t, 'staff'),
        category: categoryLabel(settings, ticket.category, request.locale),
        createdAt: ticket.createdAt,
        lastActivityAt: ticket.lastActivityAt,
        assignee: ticket.assignedTo ? (names.get(ticket.assignedTo) ?? null) : null,
        closed,
      },
      requester: requester
        ? { name: requester.name, email: requester.email, href: can.customer ? `/staff/customers/${requester.id}` : null }
        : null,
      account: account ? { number: account.number, href: can.customer ? `/staff/accounts/${account.id}` : null } : null,
      service: service ? { label: serviceLabel({ plan: service.plan, address: service.address ?? null }), status: service.status } : null,
      messages: threadItems(thread, options),
      history: historyItems(thread.events, options),
      can,
      operators: operators.map((o) => ({ value: o.id, label: o.name, selected: o.id === ticket.assignedTo, me: o.id === request.staff!.id })),
      takeable: !closed && ticket.assignedTo !== request.staff!.id && operators.some((o) => o.id === request.staff!.id),
      replyForm: { message: state.form === 'reply' ? (state.message ?? '') : '', error: state.form === 'reply' ? (state.error ?? null) : null },
      noteForm: { message: state.form === 'note' ? (state.message ?? '') : '', error: state.form === 'note' ? (state.error ?? null) : null },
    },
    { title: 'tickets.staff.ticket.title', titleParams: { number: ticket.number }, section: 'tickets', status: state.status },
  );
}
