import type { MikroORM } from '@mikro-orm/postgresql';

interface Counter {
  current: number;
  ttl: number;
}
type Done = (err: Error | null, result?: Counter) => void;

/** What @fastify/rate-limit really hands `child` (its typings say fastify's RouteOptions). */
interface MergedOptions {
  routeInfo?: { method?: string; url?: string };
}

/**
 * Makes the statement's own (implicit) transaction commit without waiting for the disk: a hit lost
 * to a database crash lets one more call through, which is harmless, while waiting for the flush
 * cost every limited request a disk sync (10–20 ms on a busy server, more than the rest of an API
 * call). `set_config(…, true)` is `SET LOCAL`: it ends with the statement and reaches no other.
 */
const ASYNC_COMMIT = `(SELECT set_config('synchronous_commit', 'off', true)) AS async_commit`;

/**
 * Hits on counters, returning each counter's key, count and the milliseconds left in its window:
 * `key` is an SQL expression (over `from`, when given), and the window's length in ms the
 * statement's last parameter. `hits` (an SQL expression, 1 unless given) counts several calls in
 * one go; `orderBy` takes the counters' row locks in one order, so that two statements each
 * counting several keys never wait for each other in a circle. A fixed window: the first hit opens
 * it, later hits count until it ends.
 */
export function countHitSql(key: string, opts: { from?: string; hits?: string; orderBy?: string } = {}): string {
  const { from, hits = '1', orderBy } = opts;
  return `INSERT INTO rate_limit_counters AS c (key, hits, window_ends)
    SELECT ${key}, ${hits}, now() + ? * interval '1 millisecond' FROM ${from ? `${from}, ` : ''}${ASYNC_COMMIT}${orderBy ? ` ORDER BY ${orderBy}` : ''}
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN c.window_ends <= now() THEN EXCLUDED.hits ELSE c.hits + EXCLUDED.hits END,
      window_ends = CASE WHEN c.window_ends <= now() THEN EXCLUDED.window_ends ELSE c.window_ends END
    RETURNING c.key, c.hits, ceil(extract(epoch FROM (c.window_ends - now())) * 1000)::int AS ttl`;
}

/** One sweep of expired counters per this many hits keeps the table small without a job. */
const SWEEP_EVERY = 500;

/**
 * A @fastify/rate-limit store that counts in PostgreSQL, so every portal process shares one count
 * per key (see countHitSql). `continueExceeding` and `exponentialBackoff` are not offered; no
 * route of the portal uses them.
 */
export function postgresRateLimitStore(orm: MikroORM) {
  let hits = 0;
  return class PostgresRateLimitStore {
    readonly #prefix: string;

    constructor(_options?: unknown, prefix = 'rl:') {
      this.#prefix = prefix;
    }

    incr(key: string, done: Done, timeWindow: number): void {
      const conn = orm.em.getConnection();
      const sweep = ++hits % SWEEP_EVERY === 0 ? conn.execute(`DELETE FROM rate_limit_counters WHERE window_ends < now() - interval '1 hour'`, [], 'run') : null;
      conn
        .execute<{ hits: number; ttl: number }[]>(countHitSql('?'), [this.#prefix + key, timeWindow], 'all')
        .then(([row]) => done(null, { current: Number(row.hits), ttl: Math.max(0, Number(row.ttl)) }), (err) => done(err as Error));
      sweep?.catch(() => undefined);
    }

    read(key: string, done: Done, timeWindow: number): void {
      orm.em
        .getConnection()
        .execute<{ hits: number; ttl: number }[]>(
          `SELECT hits, ceil(extract(epoch FROM (window_ends - now())) * 1000)::int AS ttl FROM rate_limit_counters WHERE key = ? AND window_ends > now()`,
          [this.#prefix + key],
          'all',
        )
        .then(([row]) => done(null, row ? { current: Number(row.hits), ttl: Number(row.ttl) } : { current: 0, ttl: timeWindow }), (err) => done(err as Error));
    }

    /** Each limited route counts on its own, as with the built-in stores. */
    child(options: object): PostgresRateLimitStore {
      const { routeInfo } = options as MergedOptions;
      const route = routeInfo?.url ? `${routeInfo.method ?? ''}${routeInfo.url}:` : '';
      return new PostgresRateLimitStore(options, this.#prefix + route);
    }
  };
}
