import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'portal/sdk';

/**
 * The plugin's query functions take their SQL runner as a parameter, so the benchmark runs them on
 * a bare pg pool too (bench/pg-sql.ts). Rows typed by the caller, as with `sql<Row>`: name the row
 * type, or the rows are `never`. numeric and bigint columns come back as strings.
 */
export type Sql = <Row extends object = never>(query: string, params?: unknown[]) => Promise<Row[]>;

/**
 * Raw SQL on the entity manager's connection, inside its transaction when it has one. The
 * tenant filter does not reach raw SQL: every query here names `tenant_id` itself.
 */
export function sqlOf(em: EntityManager): Sql {
  const conn = em.getConnection();
  return <Row extends object>(query: string, params: unknown[] = []) => conn.execute<Row[]>(query, params, 'all', em.getTransactionContext());
}

/**
 * For the pages' own reads outside any transaction (list, statement, dashboard card): values go
 * as parameters, so the server can keep each text prepared instead of planning it on every visit.
 */
export function readSqlOf(em: EntityManager): Sql {
  return (query, params = []) => sql(em, query, params);
}
