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

/** One sweep of expired counters per this many hits keeps the table small without a job. */
const SWEEP_EVERY = 500;

/**
 * A @fastify/rate-limit store that counts in PostgreSQL, so every portal process shares one count
 * per key. A fixed window per key: the first hit opens it, later hits count until it ends.
 * `continueExceeding` and `exponentialBackoff` are not offered; no route of the portal uses them.
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
        .execute<{ hits: number; ttl: number }[]>(
          `INSERT INTO rate_limit_counters AS c (key, hits, window_ends) VALUES (?, 1, now() + ? * interval '1 millisecond')
           ON CONFLICT (key) DO UPDATE SET
             hits = CASE WHEN c.window_ends <= now() THEN 1 ELSE c.hits + 1 END,
             window_ends = CASE WHEN c.window_ends <= now() THEN EXCLUDED.window_ends ELSE c.window_ends END
           RETURNING hits, ceil(extract(epoch FROM (window_ends - now())) * 1000)::int AS ttl`,
          [this.#prefix + key, timeWindow],
          'all',
        )
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
