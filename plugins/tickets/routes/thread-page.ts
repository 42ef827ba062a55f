import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountService } from 'portal/sdk';
import type { TicketRow } from '../entities.ts';
import { categoryLabel } from '../settings.ts';
import { customerThread } from '../data/read.ts';
import { staffNamesOf } from '../data/staff.ts';
import { canReopen, reopenableUntil } from '../workflow/customer-actions.ts';
import { threadItems } from '../view-models/thread-view.ts';
import { statusView } from '../view-models/status.ts';
import { serviceLabel } from '../view-models/open-form.ts';
import { attachField } from '../view-models/attach-field.ts';
import type { PageContext } from './page-context.ts';

export interface ThreadFormState {
  message?: string;
  errors?: { message?: string; attachments?: string[] };
  notice?: string;
  status?: number;
}

/** The customer's view of one ticket: the thread without internal notes, and the reply or reopen form. */
export async function renderThread(reply: FastifyReply, request: FastifyRequest, pc: PageContext, ticket: TicketRow, form: ThreadFormState = {}) {
  const { settings, t } = pc;
  const thread = await customerThread(request.em, ticket.id);
  const service = ticket.serviceId ? await request.em.findOne(AccountService, { id: ticket.serviceId }) : null;
  const closed = ticket.status === 'closed';
  const reopenable = canReopen(settings, ticket);
  const until = reopenableUntil(settings, ticket.closedAt);
  return reply.page(
    'tickets/ticket',
    {
      ticket: {
        number: ticket.number,
        subject: ticket.subject,
        href: `/tickets/${ticket.number}`,
        status: statusView(ticket.status, t, 'customer'),
        category: categoryLabel(settings, ticket.category, request.locale),
        service: service ? serviceLabel({ plan: service.plan, address: service.address ?? null }) : null,
        createdAt: ticket.createdAt,
        lastActivityAt: ticket.lastActivityAt,
        closed,
      },
      items: threadItems(thread, {
        audience: 'customer',
        t,
        locale: request.locale,
        staffNames: settings.showStaffNames ? await staffNamesOf(request.em, thread) : new Map<number, string>(),
        customerName: pc.customer.name,
        showStaffNames: settings.showStaffNames,
        attachmentHref: (id) => `/tickets/${ticket.number}/attachments/${id}`,
      }),
      // Replying to an open ticket, or reopening a closed one while the tenant still allows it.
      action: !closed ? 'reply' : reopenable ? 'reopen' : null,
      reopenUntil: closed && reopenable ? until : null,
      reopenExpired: closed && !reopenable,
      message: form.message ?? '',
      errors: form.errors ?? {},
      hasErrors: Boolean(form.errors && Object.keys(form.errors).length),
      notice: form.notice ?? null,
      attach: attachField(settings, t, request.locale, form.errors?.attachments),
    },
    { title: t('ticket.title', { number: ticket.number }), section: 'tickets', status: form.status ?? 200 },
  );
}
