import type { FastifyInstance } from 'fastify';
import type { StaffRouteDeps } from '../staff/staff-module.ts';
import { translate } from '../auth/translate.ts';
import { pageNumber, pager } from '../staff/pagination.ts';
import { retryMail, undeliveredMail } from './outbox-query.ts';

const PAGE_SIZE = 50;
const MAIL_PERMISSION = 'mail.manage';

/** "Correo saliente": the tenant's emails that failed or still wait, with the server's answer, and a retry. */
export async function staffMailRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  const manage = deps.guards.requirePermission(MAIL_PERMISSION);

  app.get<{ Querystring: { page?: string } }>('/mail', { preHandler: manage }, async (request, reply) => {
    const page = pageNumber(request.query.page);
    const { rows, total } = await undeliveredMail(request.em, request.tenant.id, page, PAGE_SIZE);
    return reply.staffPage(
      'staff/mail',
      {
        rows: rows.map((r) => ({
          ...r,
          failed: r.status === 'failed',
          badge: r.status === 'failed' ? 'danger' : 'warning',
          statusLabel: translate(deps.services.views, request, `staff.mail.status.${r.status}`),
        })),
        pager: pager('/staff/mail', {}, page, PAGE_SIZE, total),
      },
      { title: 'staff.mail.title', section: 'mail' },
    );
  });

  app.post<{ Params: { id: string } }>('/mail/:id/retry', { preHandler: manage }, async (request, reply) => {
    const id = Number(request.params.id);
    const retried = Number.isSafeInteger(id) && id > 0 ? await retryMail(request.em, request.tenant.id, id) : null;
    if (!retried) return reply.callNotFound();
    deps.guards.audit(request, { action: 'mail.retried', outcome: 'success', subject: retried.to.slice(0, 255), details: { outboxId: id } });
    await request.em.flush();
    reply.flash('success', translate(deps.services.views, request, 'staff.mail.retried', { to: retried.to }));
    return reply.redirect('/staff/mail', 303);
  });
}
