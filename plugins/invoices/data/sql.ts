import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from 'portal/sdk';

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

/**
 * For the pages' own reads outside any transaction (list, statement, dashboard card): values go
 * as parameters, so the server can keep each text prepared instead of planning it on every visit.
 */
export function readSqlOf(em: EntityManager): Sql {
  return (query, params = []) => runSql(em, query, params);
}
