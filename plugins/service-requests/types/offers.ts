import type { Locale, Tenant } from 'portal/sdk';
import type { AccountRow, RequestType, ServiceRow } from './contract.ts';
import type { RequestTypeRegistry } from './registry.ts';
import { applies, targetContext } from './target.ts';

/** The types a customer may file for this account (service null) or this service of it. */
export function offersFor(types: RequestTypeRegistry, tenant: Tenant, account: AccountRow, service: ServiceRow | null, locale: Locale = tenant.locale): RequestType[] {
  return types
    .forTenant(tenant)
    .filter((type) => (type.target === 'service') === (service !== null) && applies(type, targetContext(type, tenant, account, service, locale)));
}

/** Where the customer's form for a type and target is. */
export function newRequestHref(typeId: string, account: { number: string }, service: { id: number } | null): string {
  const query = new URLSearchParams({ account: account.number });
  if (service) query.set('service', String(service.id));
  return `/service-requests/new/${typeId}?${query}`;
}
