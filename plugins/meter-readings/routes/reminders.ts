import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type PluginRoutesContext, requireCustomer, translate } from 'portal/sdk';
import { Reminder } from '../entities.ts';
import { metersOfAccounts } from '../data/meters.ts';
import { requestContext, type RequestContext } from './request-context.ts';

/** Accounts of the customer that have a meter: the only ones a reminder can be about. */
async function accountsWithMeters(request: FastifyRequest, rc: RequestContext) {
  const meters = await metersOfAccounts(request.em, rc.accountIds);
  return request.customer!.accounts.filter((a) => meters.some((m) => m.accountId === a.id));
}

/** The customer's choice of accounts whose window opening is worth an email. */
export function reminderRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  async function render(request: FastifyRequest, reply: FastifyReply, rc: RequestContext) {
    const accounts = await accountsWithMeters(request, rc);
    const chosen = await request.em.find(Reminder, { customerId: rc.customerId, accountId: { $in: accounts.map((a) => a.id) } });
    return reply.page(
      'meter-readings/reminders',
      {
        accounts: accounts.map((a) => ({ id: a.id, number: a.number, holderName: a.holderName, checked: chosen.some((c) => c.accountId === a.id) })),
        email: request.customer!.email,
      },
      { title: 'meter-readings.reminders.title', section: 'meter-readings' },
    );
  }

  app.get('/meter-readings/notifications', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = requestContext(ctx, request);
    if (!rc.settings.reminders) return reply.callNotFound();
    return render(request, reply, rc);
  });

  app.post<{ Body: { account?: string | string[] } }>('/meter-readings/notifications', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = requestContext(ctx, request);
    if (!rc.settings.reminders) return reply.callNotFound();
    const posted = ([] as unknown[]).concat(request.body?.account ?? []).map(Number);
    const allowed = (await accountsWithMeters(request, rc)).map((a) => a.id);
    const chosen = allowed.filter((id) => posted.includes(id));
    await request.em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const txCtx: unknown = tx.getTransactionContext();
      await conn.execute(
        `DELETE FROM meter_readings_reminders WHERE tenant_id = ? AND customer_id = ?${chosen.length ? ' AND account_id NOT IN (?)' : ''}`,
        chosen.length ? [request.tenant.id, rc.customerId, chosen] : [request.tenant.id, rc.customerId],
        'run',
        txCtx,
      );
      for (const accountId of chosen) {
        await conn.execute(
          `INSERT INTO meter_readings_reminders (tenant_id, customer_id, account_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
          [request.tenant.id, rc.customerId, accountId],
          'run',
          txCtx,
        );
      }
    });
    reply.flash('success', translate(ctx.portal.views, request, chosen.length ? 'meter-readings.reminders.saved' : 'meter-readings.reminders.savedNone'));
    return reply.redirect('/meter-readings/notifications', 303);
  });
}
