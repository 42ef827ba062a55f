import type { FastifyRequest } from 'fastify';
import type { PortalServices } from 'portal/sdk';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** The request's catalogue (tenant overrides included) in the request's language. */
export function translator(portal: PortalServices, request: FastifyRequest): Translate {
  const catalog = portal.views.catalogFor(request.tenant);
  return (key, params) => catalog.t(request.locale, key, params);
}
