import { inject } from 'vitest';
import { startEmbeddedPostgres } from '../../core/db/embedded-postgres.ts';
import { startTcpProxy } from './tcp-proxy.ts';
import { throwawayDatabase } from './throwaway-database.ts';

export interface RelayedDatabase {
  /** The database's URL through the relay: what the code under test connects to. */
  url: string;
  /** Cut, hang and restore the connections at will. */
  proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  /** Closes the relay and removes the database. */
  close(): Promise<void>;
}

/**
 * A database of the run's kind (a throwaway one on the PostgreSQL server, or an embedded one,
 * which has no server of its own to stop) reached through a relay the test controls.
 */
export async function relayedDatabase(): Promise<RelayedDatabase> {
  const real = await throwawayDatabase();
  const target = real ?? (await startEmbeddedPostgres(undefined, inject('embeddedCluster') || undefined));
  const remove = real ? real.drop : (target as { stop(): Promise<void> }).stop;
  const url = new URL(target.url);
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.host = `127.0.0.1:${proxy.port}`;
  return {
    url: url.toString(),
    proxy,
    async close() {
      await proxy.close();
      await remove();
    },
  };
}
