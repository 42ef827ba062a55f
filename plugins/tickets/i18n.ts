import type { PortalServices, Locale, Tenant } from 'portal/sdk';

/** `tickets.<key>` in the tenant's catalogue (its own wording first). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export function translator(views: PortalServices['views'], tenant: Tenant, locale: Locale): Translate {
  const catalog = views.catalogFor(tenant);
  return (key, params) => catalog.t(locale, `tickets.${key}`, params);
}

/** A customer's saved language if the tenant offers it, else the tenant's. */
export function localeFor(tenant: Tenant, preferred: string | null | undefined): Locale {
  return (tenant.locales as string[]).includes(preferred ?? '') ? (preferred as Locale) : tenant.locale;
}
