import type { FastifyRequest } from 'fastify';
import type { PluginRoutesContext, CurrentCustomer } from 'portal/sdk';
import type { TicketsSettings } from '../settings.ts';
import { translator, type Translate } from '../i18n.ts';
import type { Work } from '../workflow/work.ts';

export interface PageContext {
  settings: TicketsSettings;
  t: Translate;
  customer: CurrentCustomer;
  work: Work;
}

/** What every customer page of the plugin starts from; routes run behind requireCustomer. */
export function pageContext(ctx: PluginRoutesContext, request: FastifyRequest): PageContext {
  const settings = ctx.settings<TicketsSettings>(request);
  return {
    settings,
    t: translator(ctx.portal.views, request.tenant, request.locale),
    customer: request.customer!,
    work: { em: request.em, tenant: request.tenant, portal: ctx.portal, settings },
  };
}
