import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'portal/sdk';

/**
 * The plugin's query functions take their SQL runner as a parameter, so the benchmark runs them on
 * a bare pg pool too (bench/pg-sql.ts). Rows typed by the caller, as with `sql<Row>`: name the row
 * type, or the rows are `never`. numeric and bigint columns come back as strings.
 */
export type Sql = <Row extends object = never>(query: string, params?: unknown[]) => Promise<Row[]>;

/**
 * Core's `sql<Row>` on the entity manager, as a Sql: inside its transaction when it has one, its
 * values sent as parameters, so the server keeps each text prepared. The tenant filter does not
 * reach raw SQL: every query here names `tenant_id` itself.
 */
export function sqlOf(em: EntityManager): Sql {
  return (query, params = []) => sql(em, query, params);
}
