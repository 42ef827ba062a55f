import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from 'portal/sdk';

export type Row = Record<string, any>;
export type Sql = (query: string, params?: unknown[]) => Promise<Row[]>;

/**
 * Raw SQL on the entity manager's connection, inside its transaction when it has one. The tenant
 * filter does not reach raw SQL: every query in this plugin names `tenant_id` itself.
 */
export function sqlOf(em: EntityManager): Sql {
  const conn = em.getConnection();
  return (query, params = []) => conn.execute<Row[]>(query, params as any[], 'all', em.getTransactionContext());
}

/**
 * For the pay page's own reads, outside any transaction: values go as parameters, so the server
 * can keep each text prepared instead of planning it on every visit.
 */
export function readSqlOf(em: EntityManager): Sql {
  return (query, params = []) => runSql(em, query, params);
}
