import type { Pool, PoolClient } from 'pg';
import { wrapClientQuery } from './wrap-client-query.ts';

/** pg's own wording for a query its client stopped waiting for (`query_timeout`). */
const CLIENT_TIMEOUT = 'Query read timeout';

/**
 * `pg` pool and client settings that bound every wait on the database. The connect timeout
 * covers opening a connection and waiting for a free one. The query timeout is enforced by the
 * client (a server or network gone silent) and, on a real server, also as `statement_timeout`,
 * so the server stops a query nobody waits for any more; the embedded database takes no start-up
 * parameters, and the client-side limit covers it.
 */
export function poolTimeouts(opts: { connectTimeoutMs?: number; queryTimeoutMs?: number; embedded: boolean }): Record<string, unknown> {
  const options: Record<string, unknown> = { keepAlive: true };
  if (opts.connectTimeoutMs) options.connectionTimeoutMillis = opts.connectTimeoutMs;
  if (opts.queryTimeoutMs) {
    options.query_timeout = opts.queryTimeoutMs;
    if (!opts.embedded) options.statement_timeout = opts.queryTimeoutMs;
    options.onPoolCreated = discardTimedOutClients;
  }
  return options;
}

/**
 * A connection whose query the client gave up on still has that query on the wire: pg queues
 * every later query behind it, so back in the pool it would time out each request it is lent
 * to, for as long as the socket stays open. It is closed when released instead, and the pool
 * opens a fresh one on demand.
 */
function discardTimedOutClients(pool: Pool): void {
  const timedOut = new WeakSet<PoolClient>();
  wrapClientQuery(pool, (query, client) => (...args) => {
    const result = query(...args);
    // Callers see the same promise and the same rejection; this only notes which client it was.
    if (result instanceof Promise) result.catch((err: Error) => void (err?.message === CLIENT_TIMEOUT && timedOut.add(client)));
    return result;
  });
  pool.on('release', (_err, client) => {
    // end() marks the client as ending at once, so the pool drops it instead of keeping it idle.
    if (timedOut.has(client)) void client.end().catch(() => {});
  });
}
