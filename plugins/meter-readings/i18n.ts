import type { FastifyRequest } from 'fastify';
import type { PortalServices, Locale, Tenant } from 'portal/sdk';

/** Looks up `meter-readings.<key>` in the tenant's catalogue (its own wording first). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export function translator(views: PortalServices['views'], tenant: Tenant, locale: Locale): Translate {
  const catalog = views.catalogFor(tenant);
  return (key, params) => catalog.t(locale, `meter-readings.${key}`, params);
}

export function requestTranslator(views: PortalServices['views'], request: FastifyRequest): Translate {
  return translator(views, request.tenant, request.locale);
}
