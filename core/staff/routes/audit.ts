import type { FastifyInstance } from 'fastify';
import type { StaffRouteDeps } from '../staff-module.ts';
import { auditRowsForExport, queryAudit, type AuditExportRow, type AuditFilter } from '../audit-query.ts';
import { exportFormat, sendTableExport, type ExportColumn } from '../../exports/table-export.ts';
import { pageNumber, pager } from '../pagination.ts';
import { actionLabel } from '../action-label.ts';
import { savedFilters } from '../saved-filters.ts';

const PAGE_SIZE = 50;
const ACTOR_TYPES = ['customer', 'staff', 'api', 'system', 'anonymous'];
const OUTCOMES = ['success', 'failure', 'denied'];

type AuditQuery = Record<keyof AuditFilter | 'page', string | undefined>;

/** Who did what, when and from where. There is nothing to edit: the log only grows. */
export async function staffAuditRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  app.get<{ Querystring: AuditQuery }>('/audit', { preHandler: deps.guards.requirePermission('audit.view') }, async (request, reply) => {
    const q = request.query;
    const filter = readFilter(q);
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
        exportQuery: exportQuery(filter),
        savedFilters: await savedFilters(request, 'audit', '/staff/audit', { ...filter }),
      },
      { title: 'staff.audit.title', section: 'audit' },
    );
  });

  // The log itself, as filtered, for an auditor's spreadsheet; taking it out is itself logged.
  app.get<{ Querystring: AuditQuery; Params: { format: string } }>('/audit/export.:format', { preHandler: deps.guards.requirePermission('audit.view') }, async (request, reply) => {
    const format = exportFormat(request.params.format);
    if (!format) return reply.callNotFound();
    const filter = readFilter(request.query);
    deps.guards.audit(request, { action: 'staff.audit-exported', outcome: 'success', details: { format, filter: { ...filter } } });
    await request.em.flush();
    const catalog = deps.services.views.catalogFor(request.tenant);
    const t = (key: string) => catalog.t(request.locale, key);
    const columns: ExportColumn<AuditExportRow>[] = [
      { header: t('staff.audit.when'), value: (r) => r.at, type: 'datetime', width: 18 },
      { header: t('staff.audit.actorType'), value: (r) => r.actor_type, width: 12 },
      { header: t('staff.audit.actorId'), value: (r) => r.actor_id, width: 12 },
      { header: t('staff.audit.actor'), value: (r) => r.staff_name, width: 24 },
      { header: t('staff.audit.action'), value: (r) => actionLabel(catalog, request.locale, r.action), width: 32 },
      { header: t('staff.audit.actionCode'), value: (r) => r.action, width: 28 },
      { header: t('staff.audit.subject'), value: (r) => r.subject, width: 24 },
      { header: t('staff.audit.outcome'), value: (r) => r.outcome, width: 10 },
      { header: t('staff.audit.ip'), value: (r) => r.ip, width: 16 },
      { header: t('staff.audit.details'), value: (r) => (r.details ? JSON.stringify(r.details) : null), width: 48 },
    ];
    return sendTableExport(reply, {
      format,
      fileName: `auditoria-${request.tenant.id}-${new Date().toISOString().slice(0, 10)}`,
      sheetName: t('staff.audit.title'),
      columns,
      rows: auditRowsForExport(request, filter),
      timezone: request.tenant.timezone,
    });
  });
}

/** Query-string values made safe: anything unknown or too long is "no filter". */
function readFilter(q: Partial<Record<keyof AuditFilter, string>>): AuditFilter {
  const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '') || undefined;
  return {
    action: text(q.action, 64),
    actorType: ACTOR_TYPES.includes(String(q.actorType)) ? q.actorType : undefined,
    actorId: text(q.actorId, 64),
    outcome: OUTCOMES.includes(String(q.outcome)) ? q.outcome : undefined,
    from: text(q.from, 10),
    to: text(q.to, 10),
    subject: text(q.subject, 255),
  };
}

function exportQuery(filter: AuditFilter): string {
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string')).toString();
  return query ? `?${query}` : '';
}
