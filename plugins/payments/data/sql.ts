import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from 'portal/sdk';

export type Row = Record<string, any>;
export type Sql = (query: string, params?: unknown[]) => Promise<Row[]>;

/**
 * Raw SQL on the entity manager's connection, inside its transaction when it has one (see
 * runSql: a read outside one goes with its values as parameters, so the server keeps each text
 * prepared). The tenant filter does not reach raw SQL: every query in this plugin names
 * `tenant_id` itself.
 */
export function sqlOf(em: EntityManager): Sql {
  return (query, params = []) => runSql(em, query, params);
}
