import type { FastifyInstance } from 'fastify';
import type { StaffRouteDeps } from '../staff-module.ts';
import { queryAudit, type AuditFilter } from '../audit-query.ts';
import { pageNumber, pager } from '../pagination.ts';
import { actionLabel } from '../action-label.ts';

const PAGE_SIZE = 50;
const ACTOR_TYPES = ['customer', 'staff', 'api', 'system', 'anonymous'];
const OUTCOMES = ['success', 'failure', 'denied'];

type AuditQuery = Record<keyof AuditFilter | 'page', string | undefined>;

/** Who did what, when and from where. There is nothing to edit: the log only grows. */
export async function staffAuditRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  app.get<{ Querystring: AuditQuery }>('/audit', { preHandler: deps.guards.requirePermission('audit.view') }, async (request, reply) => {
    const q = request.query;
    const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '') || undefined;
    const filter: AuditFilter = {
      action: text(q.action, 64),
      actorType: ACTOR_TYPES.includes(String(q.actorType)) ? q.actorType : undefined,
      actorId: text(q.actorId, 64),
      outcome: OUTCOMES.includes(String(q.outcome)) ? q.outcome : undefined,
      from: text(q.from, 10),
      to: text(q.to, 10),
      subject: text(q.subject, 255),
    };
    const page = pageNumber(q.page);
    const { rows, total } = await queryAudit(request, filter, page, PAGE_SIZE);
    const catalog = deps.services.views.catalogFor(request.tenant);
    const can = request.staff!.permissions;
    const linkTo = (type: string, id: string | null) =>
      !id || !/^\d+$/.test(id) ? null
        : type === 'customer' && can.has('customers.view') ? `/staff/customers/${id}`
          : type === 'staff' && can.has('staff.manage') ? `/staff/users/${id}`
            : null;
    return reply.staffPage(
      'staff/audit',
      {
        filter,
        actorTypes: ACTOR_TYPES.map((value) => ({ value, selected: value === filter.actorType })),
        outcomes: OUTCOMES.map((value) => ({ value, selected: value === filter.outcome })),
        rows: rows.map((r) => ({ ...r, actionLabel: actionLabel(catalog, request.locale, r.action), actorHref: linkTo(r.actorType, r.actorId) })),
        pager: pager('/staff/audit', { ...filter }, page, PAGE_SIZE, total),
      },
      { title: 'staff.audit.title', section: 'audit' },
    );
  });
}
