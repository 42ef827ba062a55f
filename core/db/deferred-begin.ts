import type { Pool, PoolClient, QueryResult } from 'pg';
import { wrapClientQuery } from './wrap-client-query.ts';

const OPENS = /^\s*(begin|start transaction)\b/i;
const ENDS = /^\s*(commit|rollback)\s*;?\s*$/i;

/**
 * Sends a transaction's BEGIN together with its first statement, in one message, instead of on a
 * round trip of its own: a transaction the ORM opens with its own statements (a flush) then waits
 * for the database once less. The transaction means the same: PostgreSQL takes a transaction's
 * snapshot at its first statement, not at BEGIN.
 *
 * Only a statement without bound parameters can share the message (the simple protocol runs
 * several statements in one message, the extended one does not). MikroORM inlines parameters, so
 * its statements qualify; any other (raw SQL through runSql, which binds its values so the
 * statement is prepared; a cursor; a callback) goes after a BEGIN sent on its own, queued ahead of
 * it on the same connection. For the API's upserts that round trip costs far less than planning
 * their first statement anew each time did.
 */
export function deferBegin(pool: Pool): void {
  const pending = new WeakMap<PoolClient, string>();
  wrapClientQuery(pool, (query, client) => (...args) => {
    const [text, values, callback] = args;
    const plain = typeof text === 'string' && !(Array.isArray(values) && values.length) && typeof values !== 'function' && callback === undefined;
    if (plain && OPENS.test(text) && !pending.has(client)) {
      pending.set(client, text);
      return Promise.resolve(emptyResult('BEGIN'));
    }
    const begin = pending.get(client);
    if (begin === undefined) return query(...args);
    pending.delete(client);
    // A transaction that ran nothing has nothing to end on the server.
    if (plain && ENDS.test(text)) return Promise.resolve(emptyResult(text.trim().split(/\s/)[0].toUpperCase()));
    if (!plain) {
      void (query(begin) as Promise<unknown>).catch(() => undefined);
      return query(...args);
    }
    // The answer is the statement's own, as if BEGIN had gone first: one result, or a list for several.
    return (query(`${begin}; ${text}`) as Promise<QueryResult[]>).then((results) => (results.length === 2 ? results[1] : results.slice(1)));
  });
  // A connection goes back to the pool only after its transaction ended; should one go back with
  // a BEGIN still held, the next borrower must not start inside it.
  pool.on('release', (_err, client) => void pending.delete(client));
}

function emptyResult(command: string): QueryResult {
  return { command, rowCount: null, oid: 0, rows: [], fields: [] };
}
