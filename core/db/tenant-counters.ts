import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The next number of one of a tenant's series (a plugin names its own: `tickets`,
 * `service-requests`), consecutive per tenant from `first`. The counter row stays locked until the
 * caller's transaction ends, so concurrent callers take consecutive numbers one after the other
 * and a rolled-back one gives its number back. `first` applies only to the series' first number.
 */
export async function nextTenantNumber(tx: EntityManager, tenantId: string, series: string, first = 1): Promise<number> {
  const [row] = await tx.getConnection().execute<{ last_number: number }[]>(
    `INSERT INTO tenant_counters (tenant_id, series, last_number) VALUES (?, ?, ?)
     ON CONFLICT (tenant_id, series) DO UPDATE SET last_number = tenant_counters.last_number + 1
     RETURNING last_number`,
    [tenantId, series, first],
    'all',
    tx.getTransactionContext(),
  );
  return Number(row.last_number);
}
