import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant } from 'portal/sdk';
import { InvoiceService } from './data/invoice-service.ts';
import { Receivables } from './data/receivables.ts';

/**
 * What other plugins (payments, service-requests) and the provider API use:
 * `portal.plugins.get<InvoicesProvides>('invoices').service(tenant, em)`. Calls join the
 * caller's transaction when `em` is a transactional one.
 */
export interface InvoicesProvides {
  service(tenant: Tenant, em: EntityManager): InvoiceService;
  /** Open invoices, invoices by id and the balance of one account, for plugins that collect payments. */
  receivables(tenant: Tenant, em: EntityManager): Receivables;
}

export function invoicesProvides(portal: PortalServices): InvoicesProvides {
  return {
    service: (tenant, em) => new InvoiceService({ em, tenant, portal }),
    receivables: (tenant, em) => new Receivables(em, tenant.id),
  };
}
