import type { EntityManager } from '@mikro-orm/postgresql';

export type Rows = Record<string, any>[];
export type Sql = (query: string, params?: unknown[]) => Promise<Rows>;

/**
 * Raw SQL on the entity manager's connection, inside its transaction when it has one. The
 * tenant filter does not reach raw SQL: every query here names `tenant_id` itself.
 */
export function sqlOf(em: EntityManager): Sql {
  const conn = em.getConnection();
  return (query, params = []) => conn.execute<Rows>(query, params as any[], 'all', em.getTransactionContext());
}
