import type { Pool, PoolClient } from 'pg';

export type ClientQuery = (...args: unknown[]) => unknown;

/**
 * Puts `wrap` around `query` of every connection the pool opens. Time limits, prepared statements
 * and the deferred BEGIN each wrap it this way; the first registered is the innermost. The method
 * found when the connection opens is the one wrapped, so a wrapper put on pg's Client class later
 * (a bench capturing queries) is never called for connections already open.
 */
export function wrapClientQuery(pool: Pool, wrap: (query: ClientQuery, client: PoolClient) => ClientQuery): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as ClientQuery;
    (client as { query: unknown }).query = wrap(query, client);
  });
}
