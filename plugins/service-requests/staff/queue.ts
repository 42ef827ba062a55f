import type { FastifyInstance } from 'fastify';
import { type ExportColumn, type StaffRoutesContext, exportFormat, pageNumber, pager, savedFilters, sendTableExport } from 'portal/sdk';
import { STATUSES, isStatus } from '../domain/states.ts';
import { requestTypesOf } from '../types/registry.ts';
import { requestTranslator } from '../i18n.ts';
import { labelsOf, statusView } from '../view-models/request-view.ts';
import type { ServiceRequestsSettings } from '../settings.ts';
import { exportRows, PAGE_SIZE, queuePage, statusCounts, type QueueRow, type StatusFilter } from './queue-query.ts';
import { PERMISSION_DECIDE, PERMISSION_VIEW } from './permissions.ts';

type QueueQuery = { Querystring: { type?: string; status?: string; page?: string } };

/** Query-string values made safe: anything unknown is "no filter", never an error page. */
function readFilter(query: QueueQuery['Querystring']): { type: string | null; status: StatusFilter } {
  // Types the tenant no longer offers may still have requests: they stay selectable by id.
  const type = query.type && /^[a-z][a-z0-9-]{1,62}$/.test(query.type) ? query.type : null;
  const status: StatusFilter = query.status === 'all' || isStatus(query.status) ? (query.status as StatusFilter) : 'open';
  return { type, status };
}

const filterQuery = (f: { type: string | null; status: StatusFilter }) => ({ type: f.type ?? undefined, status: f.status === 'open' ? undefined : f.status });

/** The back-office queue: requests by type and state, overdue ones first, then the oldest open ones; its export. */
export function queueRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.get<QueueQuery>('/service-requests', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const t = requestTranslator(ctx.portal.views, request);
    const settings = ctx.settings<ServiceRequestsSettings>(request);
    const vctx = { tenant: request.tenant, locale: request.locale, views: ctx.portal.views, types: requestTypesOf(ctx.portal) };
    const offered = vctx.types.forTenant(request.tenant);
    const { type, status } = readFilter(request.query);
    const page = pageNumber(request.query.page);
    const [{ rows, total }, counts] = await Promise.all([
      queuePage(request.em, request.tenant.id, settings, { type, status, page }),
      statusCounts(request.em, request.tenant.id, type),
    ]);
    const openCount = counts.submitted + counts.in_review + counts.needs_info;
    const allCount = Object.values(counts).reduce((a, b) => a + b, 0);
    const link = (s: StatusFilter) => {
      const q = new URLSearchParams();
      if (type) q.set('type', type);
      if (s !== 'open') q.set('status', s);
      const qs = q.toString();
      return `/staff/service-requests${qs ? `?${qs}` : ''}`;
    };
    const now = Date.now();
    const current = new URLSearchParams(Object.entries(filterQuery({ type, status })).filter((e): e is [string, string] => e[1] !== undefined)).toString();
    return reply.staffPage(
      'service-requests/staff/queue',
      {
        types: offered.map((ty) => ({ id: ty.id, title: labelsOf(vctx, ty.id).title, selected: ty.id === type })),
        selectedType: type,
        statusTabs: [
          { id: 'open', label: t('staff.open'), count: openCount, href: link('open'), current: status === 'open' },
          ...STATUSES.map((s) => ({ id: s, label: t(`status.${s}`), count: counts[s], href: link(s), current: status === s })),
          { id: 'all', label: t('staff.all'), count: allCount, href: link('all'), current: status === 'all' },
        ],
        status,
        rows: rows.map((r) => ({
          ...r,
          href: `/staff/service-requests/${r.id}`,
          title: labelsOf(vctx, r.type).title,
          statusView: statusView(t, r.status),
          waitingDays: Math.floor((now - r.createdAt.getTime()) / 86_400_000),
          soon: !r.breached && r.dueAt !== null && r.dueAt.getTime() - now <= settings.sla.warnHours * 3_600_000,
        })),
        exportQuery: current ? `?${current}` : '',
        // Take into review / reject many: only where one of them can still move (an open request).
        canDecide: request.staff!.permissions.has(PERMISSION_DECIDE) && status !== 'approved' && status !== 'rejected',
        back: `/staff/service-requests${current ? `?${current}` : ''}`,
        savedFilters: await savedFilters(request, 'service-requests', '/staff/service-requests', filterQuery({ type, status })),
        pager: pager('/staff/service-requests', filterQuery({ type, status }), page, PAGE_SIZE, total),
      },
      { title: 'service-requests.staff.title', section: 'service-requests' },
    );
  });

  app.get<QueueQuery & { Params: { format: string } }>('/service-requests/export.:format', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const format = exportFormat(request.params.format);
    if (!format) return reply.callNotFound();
    const t = requestTranslator(ctx.portal.views, request);
    const settings = ctx.settings<ServiceRequestsSettings>(request);
    const vctx = { tenant: request.tenant, locale: request.locale, views: ctx.portal.views, types: requestTypesOf(ctx.portal) };
    const filter = readFilter(request.query);
    // Who took which customers' requests out, and with what filter: written before the first row.
    ctx.audit(request, { action: 'service-requests.exported', outcome: 'success', details: { format, filter: filterQuery(filter) } });
    await request.em.flush();
    const columns: ExportColumn<QueueRow>[] = [
      { header: t('list.number'), value: (r) => r.number, type: 'number', width: 10 },
      { header: t('list.request'), value: (r) => labelsOf(vctx, r.type).title, width: 28 },
      { header: t('staff.export.service'), value: (r) => r.service, width: 30 },
      { header: t('list.account'), value: (r) => r.accountNumber, width: 16 },
      { header: t('staff.export.holder'), value: (r) => r.holderName, width: 26 },
      { header: t('staff.filer'), value: (r) => r.customerName, width: 26 },
      { header: t('list.status'), value: (r) => t(`status.${r.status}`), width: 18 },
      { header: t('list.filed'), value: (r) => r.createdAt, type: 'datetime', width: 18 },
      { header: t('staff.sla.due'), value: (r) => r.dueAt, type: 'datetime', width: 18 },
      { header: t('staff.sla.breached'), value: (r) => (r.breached ? t('staff.export.yes') : t('staff.export.no')), width: 10 },
    ];
    return sendTableExport(reply, {
      format,
      fileName: `solicitudes-${request.tenant.id}-${new Date().toISOString().slice(0, 10)}`,
      sheetName: t('staff.title'),
      columns,
      rows: exportRows(request.em, request.tenant.id, settings, filter),
      timezone: request.tenant.timezone,
    });
  });
}
