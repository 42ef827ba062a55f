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
 * Every query goes to pg with its callback, timed here rather than by pg's `query_timeout`; a
 * caller asking for a promise gets one made here. Both pg's promise form and its `query_timeout`
 * give the query its callback after building it; V8 then kept each query (its rows, and whatever
 * the request held) alive through the young-generation collections that should have freed it: a
 * pool of ten connections under load copied 1.7-2 MB per scavenge instead of 30 KB, and the
 * signed-in pages' CPU went to the collector. kysely (so MikroORM) and `runSql` ask for promises.
 * A submitted query object (pg-cursor, pg-query-stream) reports through its own events, so pg's
 * own limit is set on it, as it was on every query before.
 *
 * A connection whose query timed out still has that query on the wire: pg queues every later
 * query behind it, so back in the pool it would time out each request it is lent to, for as long
 * as the socket stays open. It is closed when released instead, and the pool opens a fresh one on
 * demand.
 */
function timedQueries(pool: Pool, timeoutMs: number): void {
  const timedOut = new WeakSet<PoolClient>();
  wrapClientQuery(pool, (query, client) => {
    /** Runs the query with `callback` as its own, answered once: by pg, or by the time limit. */
    const timed = (config: unknown, values: unknown, callback: Callback) => {
      let timer: NodeJS.Timeout | undefined;
      let answered = false;
      const answer: Callback = (err, result) => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        callback(err, result);
      };
      if (timeoutMs) {
        timer = setTimeout(() => {
          timedOut.add(client);
          answer(new Error(CLIENT_TIMEOUT));
        }, timeoutMs);
      }
      try {
        query(config, values, answer);
      } catch (err) {
        // Refused before it was sent (no text, say): nothing to time, and the connection is fine.
        answered = true;
        clearTimeout(timer);
        throw err;
      }
    };
    return (...args) => {
      const [config] = args;
      // A submitted query object answers through its own events: pg times it, as it did every query.
      if (typeof (config as { submit?: unknown } | null)?.submit === 'function') {
        const submittable = config as { query_timeout?: number };
        if (timeoutMs && submittable.query_timeout === undefined) submittable.query_timeout = timeoutMs;
        return query(...args);
      }
      const last = args[args.length - 1];
      const values = args.length > 1 && typeof args[1] !== 'function' ? args[1] : undefined;
      if (typeof last === 'function') return timed(config, values, last as Callback);
      return new Promise((resolve, reject) =>
        timed(config, values, (err, result) => {
          if (!err) return resolve(result);
          // The stack of whoever asked, not of the socket read that brought the error.
          Error.captureStackTrace(err);
          reject(err);
        }),
      );
    };
  });
  pool.on('release', (_err, client) => {
    // end() marks the client as ending at once, so the pool drops it instead of keeping it idle.
    if (timedOut.has(client)) void client.end().catch(() => {});
  });
}
