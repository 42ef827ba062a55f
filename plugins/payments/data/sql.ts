import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'portal/sdk';

/** Raw SQL whose rows the caller names, as the SDK's `sql`: left out, the rows are `never`. */
export type Sql = <Row extends object = never>(query: string, params?: unknown[]) => Promise<Row[]>;

/**
 * Raw SQL on the entity manager's connection, inside its transaction when it has one (see
 * runSql: a read outside one goes with its values as parameters, so the server keeps each text
 * prepared). The tenant filter does not reach raw SQL: every query in this plugin names
 * `tenant_id` itself.
 */
export function sqlOf(em: EntityManager): Sql {
  return <Row extends object = never>(query: string, params: unknown[] = []) => sql<Row>(em, query, params);
}
