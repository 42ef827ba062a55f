import { mkdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Connections the socket server accepts; the ORM pool must stay at or below it. */
export const EMBEDDED_MAX_CONNECTIONS = 8;

/**
 * PostgreSQL's default 128 MB of shared buffers is memory the WASM build touches at start: it was
 * 130 MB of a booted portal's RSS, whatever the data. The embedded database serves small installs
 * whose files the operating system caches anyway; 32 MB holds their working set.
 */
const SHARED_BUFFERS = '32MB';

export interface EmbeddedPostgres {
  url: string;
  /** The cluster as a tar, for `fromCluster` (a migrated copy spares each test portal its migrations). */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

/**
 * Runs PGlite (PostgreSQL compiled to WASM) behind a loopback socket so the stock
 * `pg` driver, and therefore MikroORM's PostgreSQL driver, talks to it unchanged.
 * `dataDir` undefined keeps everything in memory (tests). `fromCluster`, the path of a cluster
 * saved by `dumpDataDir`, lets an in-memory database skip initdb, which is most of its start-up.
 */
export async function startEmbeddedPostgres(dataDir?: string, fromCluster?: string): Promise<EmbeddedPostgres> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const loadDataDir = !dataDir && fromCluster ? new Blob([readFileSync(fromCluster)]) : undefined;
  const startParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`];
  const db = await PGlite.create(dataDir ?? 'memory://', loadDataDir ? { loadDataDir, startParams } : { startParams });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: EMBEDDED_MAX_CONNECTIONS });
  await server.start();
  const conn = server.getServerConn();
  return {
    url: `postgres://postgres@${conn}/postgres`,
    dump: () => db.dumpDataDir('none'),
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
