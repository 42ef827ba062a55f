import type { EntityManager } from '@mikro-orm/postgresql';
import { nextTenantNumber } from 'portal/sdk';

/**
 * The next ticket number of the tenant, inside the opening's transaction (a rolled-back opening
 * gives its number back). `first` applies only to a tenant's first ticket.
 */
export function nextNumber(tx: EntityManager, tenantId: string, first: number): Promise<number> {
  return nextTenantNumber(tx, tenantId, 'tickets', first);
}
