import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, localize, requireCustomer, Account, AccountService } from 'portal/sdk';
import { newRequestHref, offersFor, openRequestsOn, requestTypesOf, typeLabels, type OpenRequest, type RequestType } from '../../service-requests/api.ts';
import type { ServicesSettings } from '../settings.ts';
import { currentPlan } from '../plans.ts';
import { kindLabel, translator } from '../i18n.ts';

const KIND_ICONS: Record<string, string> = {
  internet: 'wifi',
  phone: 'phone',
  ip: 'globe',
  water: 'droplet',
  sewer: 'droplet',
  electricity: 'bolt',
  gas: 'bolt',
  hosting: 'server',
  vps: 'server',
  dedicated: 'server',
  backup: 'server',
  domain: 'globe',
  email: 'mail',
};

const STATUS_BADGE: Record<string, string> = { active: 'badge-success', suspended: 'badge-warning', cut: 'badge-danger', cancelled: 'badge-muted' };

/**
 * "Mis servicios": every contracted service of the customer's accounts with its plan, address and
 * status, and what can be asked about each — the request types on offer for it, whichever plugin
 * declared them — with requests already in progress marked instead of offered again.
 */
export function servicesRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get('/services', { preHandler: requireCustomer }, async (request, reply) => {
    const { tenant, locale } = request;
    const t = translator(ctx.portal.views, tenant, locale);
    const settings = ctx.settings<ServicesSettings>(request);
    const ids = request.customer!.accounts.map((a) => a.id);
    const [accounts, services, open] = ids.length
      ? await Promise.all([
          request.em.find(Account, { id: { $in: ids }, customerId: request.customer!.id }, { orderBy: { number: 'asc' } }),
          request.em.find(AccountService, { accountId: { $in: ids } }, { orderBy: { id: 'asc' } }),
          openRequestsOn(request.em, ids),
        ])
      : [[], [], [] as OpenRequest[]];
    const requestTypes = requestTypesOf(ctx.portal);
    const title = (type: RequestType) => typeLabels(ctx.portal.views, tenant, locale, type).title;
    const titleOf = (id: string) => {
      const type = requestTypes.get(id);
      return type ? title(type) : id;
    };
    const openOn = (accountId: number, serviceId: number | null) => open.filter((r) => r.accountId === accountId && r.serviceId === serviceId);
    // A request in progress is shown instead of being offered again; only its filer gets a link to it.
    const inProgress = (accountId: number, serviceId: number | null) =>
      openOn(accountId, serviceId).map((r) => ({
        label: t('inProgress', { type: titleOf(r.type) }),
        href: r.customerId === request.customer!.id ? `/service-requests/${r.id}` : null,
      }));
    const actions = (types: RequestType[], accountId: number, serviceId: number | null, hrefOf: (type: RequestType) => string) => {
      const busy = new Set(openOn(accountId, serviceId).map((r) => r.type));
      return types.filter((type) => !busy.has(type.id)).map((type) => ({ id: type.id, label: title(type), href: hrefOf(type) }));
    };

    const view = accounts.map((account) => {
      const own = services.filter((s) => s.accountId === account.id);
      const rows = own.map((service) => {
        const types = offersFor(requestTypes, tenant, account, service, locale);
        const plan = currentPlan(settings, service);
        return {
          id: service.id,
          kind: kindLabel(ctx.portal.views, tenant, locale, service.kind),
          icon: KIND_ICONS[service.kind] ?? 'file',
          // The tenant's name for the plan in the page's language; the billing system's when it offers the plan no more.
          plan: plan ? localize(plan.name, locale) : service.plan,
          planDescription: plan?.description ? localize(plan.description, locale) : null,
          address: service.address,
          status: { code: service.status, label: t(`status.${service.status}`), badge: STATUS_BADGE[service.status] ?? 'badge-muted' },
          actions: actions(types, account.id, service.id, (type) => newRequestHref(type.id, account, service)),
          inProgress: inProgress(account.id, service.id),
        };
      });
      return {
        number: account.number,
        holderName: account.holderName,
        document: `${account.documentType} ${account.documentNumber}`,
        services: rows,
        actions: actions(offersFor(requestTypes, tenant, account, null, locale), account.id, null, (type) => newRequestHref(type.id, account, null)),
        inProgress: inProgress(account.id, null),
      };
    });
    return reply.page('services/index', { accounts: view, empty: view.length === 0 }, { title: 'services.title', section: 'services' });
  });
}
