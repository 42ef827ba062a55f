import type { PortalServices, Locale, Tenant } from 'portal/sdk';

/** Looks up `services.<key>` in the tenant's catalogue (its own wording first). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export function translator(views: PortalServices['views'], tenant: Tenant, locale: Locale): Translate {
  const catalog = views.catalogFor(tenant);
  return (key, params) => catalog.t(locale, `services.${key}`, params);
}

/** A kind of service in words; the provider's own code when the locales have no name for it. */
export function kindLabel(views: PortalServices['views'], tenant: Tenant, locale: Locale, kind: string): string {
  const catalog = views.catalogFor(tenant);
  const key = `services.kind.${kind}`;
  return catalog.has(locale, key) || catalog.has('es-AR', key) ? catalog.t(locale, key) : kind;
}
