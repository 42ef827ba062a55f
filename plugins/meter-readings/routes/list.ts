import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer } from 'portal/sdk';
import { metersOfAccounts } from '../data/meters.ts';
import { meterStates } from '../data/meter-state.ts';
import { lastReadingView, meterView, windowView } from '../view-models/meter-view.ts';
import { requestContext } from './request-context.ts';

/** The customer's meters, by account, each with its last reading and its window. */
export function listRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get('/meter-readings', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = requestContext(ctx, request);
    const meters = await metersOfAccounts(request.em, rc.accountIds);
    const states = await meterStates(request.em, meters, rc.settings, new Date(), request.tenant.timezone);
    const accounts = request.customer!.accounts
      .map((account) => ({
        number: account.number,
        holderName: account.holderName,
        meters: states
          .filter((s) => s.meter.accountId === account.id)
          .map((s) => {
            const meter = meterView(s.meter, rc.settings, rc.t);
            return { ...meter, window: windowView(s.window, s.submission, s.meter, rc.t), last: lastReadingView(s.periods, meter.unit, rc.t) };
          }),
      }))
      .filter((a) => a.meters.length > 0);
    return reply.page(
      'meter-readings/index',
      { accounts, empty: accounts.length === 0, reminders: rc.settings.reminders },
      { title: 'meter-readings.title', section: 'meter-readings' },
    );
  });
}
