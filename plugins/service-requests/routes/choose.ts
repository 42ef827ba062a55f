import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer } from 'portal/sdk';
import { requestTypesOf } from '../types/registry.ts';
import { applies, targetContext } from '../types/target.ts';
import { newRequestHref } from '../types/offers.ts';
import { typeLabels } from '../i18n.ts';
import { serviceLabel } from '../view-models/request-view.ts';
import { customerTargets } from './customer-targets.ts';

/** "Nuevo trámite": each type the tenant offers, with the accounts or services it can be filed for. */
export function chooseRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get('/service-requests/new', { preHandler: requireCustomer }, async (request, reply) => {
    const { accounts, services } = await customerTargets(request);
    const types = requestTypesOf(ctx.portal)
      .forTenant(request.tenant)
      .map((type) => {
        const labels = typeLabels(ctx.portal.views, request.tenant, request.locale, type);
        const targets =
          type.target === 'account'
            ? accounts
                .filter((a) => applies(type, targetContext(type, request.tenant, a, null, request.locale)))
                .map((a) => ({ href: newRequestHref(type.id, a, null), label: a.number, detail: a.holderName }))
            : services
                .map((s) => ({ s, a: accounts.find((a) => a.id === s.accountId)! }))
                .filter(({ s, a }) => applies(type, targetContext(type, request.tenant, a, s, request.locale)))
                .map(({ s, a }) => ({ href: newRequestHref(type.id, a, s), label: serviceLabel(s), detail: a.number }));
        return { id: type.id, title: labels.title, description: labels.description, targets };
      })
      .filter((t) => t.targets.length > 0);
    return reply.page('service-requests/choose', { types, empty: types.length === 0 }, { title: 'service-requests.choose.title', section: 'service-requests' });
  });
}
