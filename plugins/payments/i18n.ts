import type { FastifyRequest } from 'fastify';
import type { PortalServices, Locale, Tenant } from 'portal/sdk';

/** Looks up `payments.<key>` in the tenant's catalogue (its own wording first). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export function translator(views: PortalServices['views'], tenant: Tenant, locale: Locale): Translate {
  const catalog = views.catalogFor(tenant);
  return (key, params) => catalog.t(locale, `payments.${key}`, params);
}

export function requestTranslator(views: PortalServices['views'], request: FastifyRequest): Translate {
  return translator(views, request.tenant, request.locale);
}

/** The `payments.types.*` key that names a document of this kind. */
export function documentType(kind: string): 'debit_note' | 'invoice' {
  return kind === 'debit_note' ? 'debit_note' : 'invoice';
}

/** "Factura B 00008-00068421" in the reader's language, from what a row keeps. */
export function documentName(t: Translate, kind: string, label: string): string {
  return `${t(`types.${documentType(kind)}`)} ${label}`;
}
