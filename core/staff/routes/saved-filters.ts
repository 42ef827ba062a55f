import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffRouteDeps } from '../staff-module.ts';
import { runSql } from '../../db/run-sql.ts';
import { safeStaffNext } from '../safe-staff-next.ts';
import { normaliseQuery, QUEUE_NAME, SAVED_FILTERS_PER_QUEUE } from '../saved-filters.ts';

type SaveBody = { queue?: string; path?: string; query?: string; name?: string };

/**
 * Saving and deleting an operator's own filters of a queue. Any signed-in operator may: a filter
 * is a link to a page they can already open, checked again by that page's permission.
 */
export async function staffSavedFilterRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  const translator = (request: FastifyRequest) => (key: string) => deps.services.views.catalogFor(request.tenant).t(request.locale, key);

  app.post<{ Body: SaveBody }>('/saved-filters', { preHandler: deps.guards.requireStaff }, async (request, reply) => {
    const body = request.body ?? {};
    const path = safeStaffNext(body.path);
    const queue = typeof body.queue === 'string' && QUEUE_NAME.test(body.queue) ? body.queue : null;
    if (!path || path.includes('?') || !queue) return reply.code(400).type('text/plain; charset=utf-8').send(translator(request)('staff.savedFilters.invalid'));
    const query = normaliseQuery(typeof body.query === 'string' ? body.query.slice(0, 1000) : '');
    const back = query ? `${path}?${query}` : path;
    const name = typeof body.name === 'string' ? body.name.trim().replace(/\s+/g, ' ') : '';
    const t = translator(request);
    if (name.length < 1 || name.length > 60) {
      reply.flash('error', t('staff.savedFilters.nameRequired'));
      return reply.redirect(back, 303);
    }
    const staff = request.staff!;
    const [{ n }] = (await runSql(request.em, `SELECT count(*)::int AS n FROM staff_saved_filters WHERE tenant_id = ? AND staff_id = ? AND queue = ? AND name <> ?`, [
      request.tenant.id, staff.id, queue, name,
    ])) as { n: number }[];
    if (n >= SAVED_FILTERS_PER_QUEUE) {
      reply.flash('error', t('staff.savedFilters.tooMany'));
      return reply.redirect(back, 303);
    }
    // The same name again replaces that filter: what "save" means to someone refining a view.
    await runSql(
      request.em,
      `INSERT INTO staff_saved_filters (tenant_id, staff_id, queue, name, query) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, staff_id, queue, name) DO UPDATE SET query = EXCLUDED.query`,
      [request.tenant.id, staff.id, queue, name, query],
    );
    reply.flash('success', t('staff.savedFilters.saved'));
    return reply.redirect(back, 303);
  });

  app.post<{ Params: { id: string }; Body: { back?: string } }>('/saved-filters/:id/delete', { preHandler: deps.guards.requireStaff }, async (request, reply) => {
    const id = Number(request.params.id);
    const rows = Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647
      ? await runSql(request.em, `DELETE FROM staff_saved_filters WHERE tenant_id = ? AND staff_id = ? AND id = ? RETURNING id`, [request.tenant.id, request.staff!.id, id])
      : [];
    // Another operator's filter, or one already gone: as if it never existed.
    if (rows.length === 0) return reply.callNotFound();
    reply.flash('success', translator(request)('staff.savedFilters.deleted'));
    return reply.redirect(safeStaffNext(request.body?.back) ?? '/staff', 303);
  });
}
