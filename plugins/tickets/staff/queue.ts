import type { FastifyInstance } from 'fastify';
import { type StaffRoutesContext, pageNumber, pager } from 'portal/sdk';
import { TICKET_STATUSES } from '../entities.ts';
import { categoryLabel, localised, type TicketsSettings } from '../settings.ts';
import { translator } from '../i18n.ts';
import { assignableStaff } from '../data/staff.ts';
import { statusView } from '../view-models/status.ts';
import { PERMISSION_VIEW, REPLY_ROLES } from '../permissions.ts';
import { QUEUE_PAGE, queueRows, readFilter } from './queue-query.ts';

type QueueQuery = { Querystring: Record<string, string | undefined> };

/** The queue: by status (everything not closed by default), category and who has it. */
export function queueRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.get<QueueQuery>('/tickets', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const settings = ctx.settings<TicketsSettings>(request);
    const t = translator(ctx.portal.views, request.tenant, request.locale);
    const filter = readFilter(request.query, settings.categories.map((c) => c.id));
    const page = pageNumber(request.query.page);
    const { rows, total } = await queueRows(request.em, request.tenant.id, request.staff!.id, filter, page);
    const operators = await assignableStaff(request.em, REPLY_ROLES);
    return reply.staffPage(
      'tickets/staff/queue',
      {
        statuses: [
          { value: '', label: t('staff.queue.notClosed'), selected: filter.status === null },
          ...TICKET_STATUSES.map((s) => ({ value: s, label: t(`staff.status.${s}`), selected: filter.status === s })),
          { value: 'all', label: t('staff.queue.all'), selected: filter.status === 'all' },
        ],
        categories: settings.categories.map((c) => ({ value: c.id, label: localised(c.label, request.locale, c.id), selected: filter.category === c.id })),
        assignees: [
          { value: 'me', label: t('staff.queue.mine'), selected: filter.assigned === 'me' },
          { value: 'none', label: t('staff.queue.unassigned'), selected: filter.assigned === 'none' },
          ...operators.map((o) => ({ value: String(o.id), label: o.name, selected: filter.assigned === String(o.id) })),
        ],
        queue: rows.map((r) => ({
          ...r,
          href: `/staff/tickets/${r.number}`,
          customerHref: request.staff!.permissions.has('customers.view') ? `/staff/customers/${r.customerId}` : null,
          category: categoryLabel(settings, r.category, request.locale),
          status: statusView(r.status, t, 'staff'),
        })),
        total,
        pages: pager('/staff/tickets', { status: filter.status ?? undefined, category: filter.category ?? undefined, assigned: filter.assigned ?? undefined }, page, QUEUE_PAGE, total),
      },
      { title: 'tickets.staff.queue.title', section: 'tickets' },
    );
  });
}
