// The embedded PostgreSQL's thread (started by embedded-postgres.ts): PGlite and the socket the
// portal's `pg` pool talks to. PGlite runs each query synchronously; here that blocks this thread
// only, and the portal's requests go on in the main one, as they would beside a PostgreSQL server.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { serveWire } from './pglite-wire-server.ts';

export interface EmbeddedWorkerData {
  /** Folder of the database; undefined keeps it in memory. */
  dataDir?: string;
  /** A cluster saved by `dump`, loaded by an in-memory database instead of running initdb. */
  fromCluster?: string;
  maxConnections: number;
  startParams: string[];
  /** Compiled once per process (embedded-postgres.ts); a thread of its own would compile them again. */
  pgliteWasmModule: WebAssembly.Module;
  initdbWasmModule: WebAssembly.Module;
}

export type HostRequest = { kind: 'dump' | 'stop'; id: number };

export type WorkerMessage =
  | { kind: 'ready'; port: number }
  | { kind: 'reply'; id: number; tar?: ArrayBuffer; error?: string }
  /** Something went wrong that no client's answer reports (the database goes on). */
  | { kind: 'fault'; message: string };

const host = parentPort!;
const { dataDir, fromCluster, maxConnections, startParams, pgliteWasmModule, initdbWasmModule } = workerData as EmbeddedWorkerData;
const describe = (err: unknown) => (err instanceof Error ? err.stack ?? err.message : String(err));
const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => host.postMessage(message, transfer);

// PostgreSQL says why it cannot start (a folder of another version, a damaged one) on its stderr,
// which PGlite keeps to itself: its error says only that it failed.
const said: string[] = [];
const onStderr = (line: string) => {
  const text = line.replace(/^\S+ \S+ \S+ \[\d+\] /, '').trim();
  if (text && !/^(LOG|DEBUG\d?|INFO|NOTICE|WARNING):/.test(text) && said.length < 10) said.push(text.replace(/\s+/g, ' '));
  return false;
};
const loadDataDir = fromCluster ? new Blob([readFileSync(fromCluster)]) : undefined;
const db = await PGlite.create(dataDir ?? 'memory://', { loadDataDir, startParams, pgliteWasmModule, initdbWasmModule, onStderr }).catch((err: Error) => {
  throw said.length ? new Error(`${err.message}: ${said.join(' ')}`, { cause: err }) : err;
});
const server = await serveWire(db, { maxConnections, onFault: (err) => send({ kind: 'fault', message: describe(err) }) });

host.on('message', async ({ kind, id }: HostRequest) => {
  try {
    if (kind === 'dump') {
      const tar = await (await db.dumpDataDir('none')).arrayBuffer();
      send({ kind: 'reply', id, tar }, [tar]);
      return;
    }
    // The clients' connections first (a transaction left open is rolled back), then PostgreSQL,
    // which writes its files out as a clean shutdown does.
    await server.close();
    await db.close();
    send({ kind: 'reply', id });
    host.close();
  } catch (err) {
    send({ kind: 'reply', id, error: describe(err) });
  }
});
send({ kind: 'ready', port: server.port });
