import type { EntityManager } from '@mikro-orm/postgresql';
import { run } from './sql.ts';

/**
 * The next ticket number of the tenant. The counter row stays locked until the caller's
 * transaction ends, so concurrent openings take consecutive numbers one after the other; a
 * rolled-back opening gives its number back. `first` applies only to a tenant's first ticket.
 */
export async function nextNumber(tx: EntityManager, tenantId: string, first: number): Promise<number> {
  const [row] = await run<{ last_number: number }>(
    tx,
    `INSERT INTO tickets_counters (tenant_id, last_number) VALUES (?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET last_number = tickets_counters.last_number + 1
     RETURNING last_number`,
    [tenantId, first],
  );
  return Number(row.last_number);
}
