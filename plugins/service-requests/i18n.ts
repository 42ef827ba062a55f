import type { FastifyRequest } from 'fastify';
import type { PortalServices, Locale, Tenant } from 'portal/sdk';
import type { Message, RequestType } from './types/contract.ts';

/** Looks up `service-requests.<key>` in the tenant's catalogue (its own wording first). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export function translator(views: PortalServices['views'], tenant: Tenant, locale: Locale): Translate {
  const catalog = views.catalogFor(tenant);
  return (key, params) => catalog.t(locale, `service-requests.${key}`, params);
}

export function requestTranslator(views: PortalServices['views'], request: FastifyRequest): Translate {
  return translator(views, request.tenant, request.locale);
}

/** A type's strings, from the locales of the plugin that declared it. */
export interface TypeLabels {
  title: string;
  description: string | null;
  /** null when the declaring plugin has no such string (hints and field errors are optional). */
  optional(suffix: string, params?: Record<string, unknown>): string | null;
  required(suffix: string, params?: Record<string, unknown>): string;
  /** A message key a type returned: its plugin's strings first, then core's. */
  message(message: Message): string;
}

export function typeLabels(views: PortalServices['views'], tenant: Tenant, locale: Locale, type: RequestType): TypeLabels {
  const catalog = views.catalogFor(tenant);
  const key = (suffix: string) => `${type.plugin}.${type.labels}.${suffix}`;
  const optional = (suffix: string, params?: Record<string, unknown>) => (catalog.has(locale, key(suffix)) || catalog.has('es-AR', key(suffix)) ? catalog.t(locale, key(suffix), params) : null);
  return {
    title: catalog.t(locale, key('title')),
    description: optional('description'),
    optional,
    required: (suffix, params) => catalog.t(locale, key(suffix), params),
    message: ({ key: k, params }) => {
      const own = `${type.plugin}.${k}`;
      return catalog.t(locale, catalog.has(locale, own) || catalog.has('es-AR', own) ? own : k, params);
    },
  };
}
