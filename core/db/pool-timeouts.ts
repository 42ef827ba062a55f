import type { Pool, PoolClient } from 'pg';
import { wrapClientQuery } from './wrap-client-query.ts';

/** The message a caller gets when the client stops waiting for a query (pg's own wording). */
const CLIENT_TIMEOUT = 'Query read timeout';

type Callback = (err: Error | null, result?: unknown) => void;

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
  if (opts.queryTimeoutMs && !opts.embedded) options.statement_timeout = opts.queryTimeoutMs;
  options.onPoolCreated = (pool: Pool) => timedQueries(pool, opts.queryTimeoutMs ?? 0);
  return options;
}

/**
 * Every query goes to pg with its callback, timed here rather than by pg's `query_timeout`, and the
 * caller gets a promise made here. Both pg's promise form and its `query_timeout` give the query
 * its callback after building it; V8 then kept each query (its rows, and whatever the request
 * held) alive through the young-generation collections that should have freed it: a pool of ten
 * connections under load copied 1.7-2 MB per scavenge instead of 30 KB, and the signed-in pages'
 * CPU went to the collector. kysely (so MikroORM) and `runSql` ask for promises.
 *
 * A connection whose query timed out still has that query on the wire: pg queues every later
 * query behind it, so back in the pool it would time out each request it is lent to, for as long
 * as the socket stays open. It is closed when released instead, and the pool opens a fresh one on
 * demand.
 */
function timedQueries(pool: Pool, timeoutMs: number): void {
  const timedOut = new WeakSet<PoolClient>();
  wrapClientQuery(pool, (query, client) => (...args) => {
    const [config, values] = args;
    // A cursor, or a caller that passed its own callback, gets pg's behaviour as it is.
    if (typeof (config as { submit?: unknown } | null)?.submit === 'function' || args.some((a) => typeof a === 'function')) return query(...args);
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const done: Callback = (err, result) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!err) return resolve(result);
        // The stack of whoever asked, not of the socket read that brought the error.
        Error.captureStackTrace(err);
        reject(err);
      };
      if (timeoutMs) {
        timer = setTimeout(() => {
          timedOut.add(client);
          done(new Error(CLIENT_TIMEOUT));
        }, timeoutMs);
      }
      query(config, values, done);
    });
  });
  pool.on('release', (_err, client) => {
    // end() marks the client as ending at once, so the pool drops it instead of keeping it idle.
    if (timedOut.has(client)) void client.end().catch(() => {});
  });
}
