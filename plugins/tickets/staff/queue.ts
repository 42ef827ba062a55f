import type { FastifyInstance } from 'fastify';
import { type StaffRoutesContext, exportFormat, pageNumber, pager, savedFilters, sendTableExport } from 'portal/sdk';
import { TICKET_STATUSES } from '../entities.ts';
import { categoryLabel, localised, type TicketsSettings } from '../settings.ts';
import { translator } from '../i18n.ts';
import { assignableStaff } from '../data/staff.ts';
import { statusView } from '../view-models/status.ts';
import { ageText, dueView } from '../view-models/sla.ts';
import { PERMISSION_ASSIGN, PERMISSION_REPLY, PERMISSION_VIEW, REPLY_ROLES } from '../permissions.ts';
import { exportRows, filterQuery, QUEUE_PAGE, queueRows, readFilter } from './queue-query.ts';
import { ticketColumns } from './export-columns.ts';

type QueueQuery = { Querystring: Record<string, string | undefined> };

/** The queue: by status (everything not closed by default), category and who has it; its export. */
export function queueRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.get<QueueQuery>('/tickets', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const settings = ctx.settings<TicketsSettings>(request);
    const t = translator(ctx.portal.views, request.tenant, request.locale);
    const filter = readFilter(request.query, settings.categories.map((c) => c.id));
    const page = pageNumber(request.query.page);
    const { rows, total } = await queueRows(request.em, request.tenant.id, request.staff!.id, settings, filter, page);
    const operators = await assignableStaff(request.em, REPLY_ROLES);
    const can = request.staff!.permissions;
    const now = new Date();
    const query = new URLSearchParams(Object.entries(filterQuery(filter)).filter((e): e is [string, string] => e[1] !== undefined)).toString();
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
        operators: operators.map((o) => ({ value: String(o.id), label: o.id === request.staff!.id ? `${o.name} ${t('staff.ticket.me')}` : o.name })),
        queue: rows.map((r) => ({
          ...r,
          href: `/staff/tickets/${r.number}`,
          customerHref: can.has('customers.view') ? `/staff/customers/${r.customerId}` : null,
          category: categoryLabel(settings, r.category, request.locale),
          status: statusView(r.status, t, 'staff'),
          age: ageText(r.createdAt, now, t),
          due: dueView(r, now, settings.sla.warnHours, t),
        })),
        total,
        pages: pager('/staff/tickets', filterQuery(filter), page, QUEUE_PAGE, total),
        exportQuery: query ? `?${query}` : '',
        back: query ? `/staff/tickets?${query}` : '/staff/tickets',
        canAssign: can.has(PERMISSION_ASSIGN),
        canClose: can.has(PERMISSION_REPLY),
        me: request.staff!.id,
        savedFilters: await savedFilters(request, 'tickets', '/staff/tickets', filterQuery(filter)),
      },
      { title: 'tickets.staff.queue.title', section: 'tickets' },
    );
  });

  app.get<QueueQuery & { Params: { format: string } }>('/tickets/export.:format', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const format = exportFormat(request.params.format);
    if (!format) return reply.callNotFound();
    const settings = ctx.settings<TicketsSettings>(request);
    const t = translator(ctx.portal.views, request.tenant, request.locale);
    const filter = readFilter(request.query, settings.categories.map((c) => c.id));
    // Who took which customers' data out, and with what filter: the entry is written before the first row.
    ctx.audit(request, { action: 'tickets.exported', outcome: 'success', details: { format, filter: filterQuery(filter) } });
    await request.em.flush();
    const stamp = new Date().toISOString().slice(0, 10);
    return sendTableExport(reply, {
      format,
      fileName: `tickets-${request.tenant.id}-${stamp}`,
      sheetName: t('staff.queue.title'),
      columns: ticketColumns(t, settings, request.locale),
      rows: exportRows(request.em, request.tenant.id, request.staff!.id, settings, filter),
      timezone: request.tenant.timezone,
    });
  });
}
