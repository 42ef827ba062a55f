import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer, Account, AccountService } from 'portal/sdk';
import { customerRequests } from '../data/requests.ts';
import { requestTranslator } from '../i18n.ts';
import { isOpen } from '../domain/states.ts';
import { labelsOf, serviceLabel, statusView } from '../view-models/request-view.ts';
import { requestTypesOf } from '../types/registry.ts';

/** "Mis trámites": every request the customer filed, newest first, open ones marked. */
export function listRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get('/service-requests', { preHandler: requireCustomer }, async (request, reply) => {
    const t = requestTranslator(ctx.portal.views, request);
    const rows = await customerRequests(request.em, request.customer!.id);
    // Accounts a request was filed for may since have passed to another holder: still named here.
    const accountIds = [...new Set(rows.map((r) => r.accountId))];
    const serviceIds = [...new Set(rows.map((r) => r.serviceId).filter((id): id is number => id != null))];
    const [accounts, services] = await Promise.all([
      accountIds.length ? request.em.find(Account, { id: { $in: accountIds } }) : [],
      serviceIds.length ? request.em.find(AccountService, { id: { $in: serviceIds } }) : [],
    ]);
    const vctx = { tenant: request.tenant, locale: request.locale, views: ctx.portal.views, types: requestTypesOf(ctx.portal) };
    const requests = rows.map((r) => ({
      id: r.id,
      number: r.number,
      href: `/service-requests/${r.id}`,
      title: labelsOf(vctx, r.type).title,
      account: accounts.find((a) => a.id === r.accountId)?.number ?? '',
      service: serviceLabel(services.find((s) => s.id === r.serviceId) ?? null),
      status: statusView(t, r.status),
      open: isOpen(r.status),
      needsAnswer: r.status === 'needs_info',
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
    return reply.page(
      'service-requests/index',
      { requests, empty: requests.length === 0, waiting: requests.filter((r) => r.needsAnswer).length },
      { title: 'service-requests.title', section: 'service-requests' },
    );
  });
}
