import type { EntityManager } from '@mikro-orm/postgresql';
import { isRaw } from '@mikro-orm/core';
import { CompiledQuery, type QueryResult } from 'kysely';
import type { Pool } from 'pg';

type Rows = Record<string, unknown>[];
type Connection = ReturnType<EntityManager['getConnection']>;

/**
 * Raw SQL with `?` placeholders on the entity manager's connection, inside its transaction when it
 * has one, sent with its values as bound parameters. MikroORM's `execute` writes the values into
 * the text instead, so the server parses, analyses and plans every run anew and no statement can
 * be prepared (see prepared-statements.ts): for the pages' reads that was most of their cost, and
 * for an API write (key check, upsert, audit row) nearly half of the server's. Arrays are spread
 * into lists and plain objects sent as JSON, as `execute` does. Outside a transaction the
 * statement goes straight to a connection of the ORM's `pg` pool (its time limits and statement
 * names included): kysely's executor around the same `client.query` cost a third more than the
 * call itself. Inside one it goes to the transaction's own connection. Errors are pg's, as from
 * `execute`. A text that uses `??` or `\\?` (MikroORM's identifier and escape forms) still goes
 * through `execute`.
 */
export function runSql(em: EntityManager, query: string, params: readonly unknown[] = []): Promise<Rows> {
  return runSqlOn(em.getConnection(), em.getTransactionContext(), query, params);
}

/**
 * Raw SQL with its rows typed by the caller, on `runSql`: `await sql<{ id: number; total: string }>(em,
 * 'SELECT id, total FROM invoices WHERE tenant_id = ? AND account_id = ?', [tenant.id, accountId])`.
 * Name the row type: left out, the rows are `never`, so code reading them does not compile.
 * numeric and bigint columns come back as strings, and so do date and timestamp columns (the ORM's
 * driver keeps them as text: `2026-03-09 14:30:00.123+00`, which `new Date(…)` reads); json as parsed values.
 */
export function sql<Row extends object = never>(em: EntityManager, query: string, params: readonly unknown[] = []): Promise<Row[]> {
  return runSql(em, query, params) as Promise<Row[]>;
}

/** `runSql` on a connection itself, for callers that hold no entity manager (the session store); name the row type as with `sql`. */
export function runSqlOn<Row extends object = Rows[number]>(conn: Connection, ctx: unknown, query: string, params: readonly unknown[] = []): Promise<Row[]> {
  if (query.includes('??') || query.includes('\\?') || params.some(isRaw)) {
    return conn.execute<Row[]>(query, params as any[], 'all', ctx as never);
  }
  const { text, values } = numbered(query, params);
  if (ctx) return inTransaction<Row>(ctx as Transaction, text, values);
  return onPooledConnection<Row>(conn, text, values);
}

/**
 * `?` placeholders as `$n` with their values: an array spread into a list, a plain object sent as
 * JSON (as MikroORM's `execute` writes them); anything else goes to pg as it is.
 */
export function numbered(query: string, params: readonly unknown[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  let i = 0;
  const text = query.replace(/\?/g, () => {
    const value = params[i++];
    if (!Array.isArray(value)) {
      values.push(isPlainObject(value) ? JSON.stringify(value) : value);
      return `$${values.length}`;
    }
    return value.map((v) => (values.push(v), `$${values.length}`)).join(', ');
  });
  return { text, values };
}

type Transaction = { executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> };

async function inTransaction<Row extends object>(trx: Transaction, text: string, values: unknown[]): Promise<Row[]> {
  return (await trx.executeQuery<Row>(CompiledQuery.raw(text, values))).rows;
}

async function onPooledConnection<Row extends object>(conn: Connection, text: string, values: unknown[]): Promise<Row[]> {
  const pool = (await conn.getNativeClient()) as Pick<Pool, 'connect'>;
  const client = await pool.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    client.release();
  }
}

function isPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
