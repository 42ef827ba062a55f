import type { FastifyInstance } from 'fastify';
import { type StaffRoutesContext, pageNumber, pager } from 'portal/sdk';
import { STATUSES, isStatus } from '../domain/states.ts';
import { requestTypesOf } from '../types/registry.ts';
import { requestTranslator } from '../i18n.ts';
import { labelsOf, statusView } from '../view-models/request-view.ts';
import { PAGE_SIZE, queuePage, statusCounts, type StatusFilter } from './queue-query.ts';
import { PERMISSION_VIEW } from './permissions.ts';

type QueueQuery = { Querystring: { type?: string; status?: string; page?: string } };

/** The back-office queue: requests by type and state, oldest open ones first. */
export function queueRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.get<QueueQuery>('/service-requests', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const t = requestTranslator(ctx.portal.views, request);
    const vctx = { tenant: request.tenant, locale: request.locale, views: ctx.portal.views, types: requestTypesOf(ctx.portal) };
    const offered = vctx.types.forTenant(request.tenant);
    // Types the tenant no longer offers may still have requests: they stay selectable by id.
    const type = request.query.type && /^[a-z][a-z0-9-]{1,62}$/.test(request.query.type) ? request.query.type : null;
    const status: StatusFilter = request.query.status === 'all' || isStatus(request.query.status) ? (request.query.status as StatusFilter) : 'open';
    const page = pageNumber(request.query.page);
    const [{ rows, total }, counts] = await Promise.all([
      queuePage(request.em, request.tenant.id, { type, status, page }),
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
        })),
        pager: pager('/staff/service-requests', { type: type ?? undefined, status: status === 'open' ? undefined : status }, page, PAGE_SIZE, total),
      },
      { title: 'service-requests.staff.title', section: 'service-requests' },
    );
  });
}
