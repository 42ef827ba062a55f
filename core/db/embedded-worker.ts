// The embedded PostgreSQL's thread (started by embedded-postgres.ts): PGlite and the socket the
// portal's `pg` pool talks to. PGlite runs each query synchronously; here that blocks this thread
// only, and the portal's requests go on in the main one, as they would beside a PostgreSQL server.
// A thread runs one database at a time; once it is stopped the thread may open the next one.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { serveWire, type WireServer } from './pglite-wire-server.ts';

/** PGlite's two WASM programs, compiled once per process: a thread of its own would compile them again. */
export interface EmbeddedWorkerData {
  pgliteWasmModule: WebAssembly.Module;
  initdbWasmModule: WebAssembly.Module;
}

export interface EmbeddedOptions {
  /** Folder of the database; undefined keeps it in memory. */
  dataDir?: string;
  /** A cluster saved by `dump`, loaded by an in-memory database instead of running initdb. */
  fromCluster?: string;
  maxConnections: number;
  startParams: string[];
}

export type HostCommand = { kind: 'start'; options: EmbeddedOptions } | { kind: 'dump' | 'stop' };
export type HostRequest = HostCommand & { id: number };

export type WorkerMessage =
  | { kind: 'reply'; id: number; port?: number; tar?: ArrayBuffer; error?: string }
  /** Something went wrong that no client's answer reports (the database goes on). */
  | { kind: 'fault'; message: string };

const host = parentPort!;
const { pgliteWasmModule, initdbWasmModule } = workerData as EmbeddedWorkerData;
const describe = (err: unknown) => (err instanceof Error ? err.stack ?? err.message : String(err));
const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => host.postMessage(message, transfer);

let open: { db: PGlite; server: WireServer } | undefined;

async function start({ dataDir, fromCluster, maxConnections, startParams }: EmbeddedOptions): Promise<number> {
  // PostgreSQL says why it cannot start (a folder of another version, a damaged one) on its
  // stderr, which PGlite keeps to itself: its error says only that it failed.
  const said: string[] = [];
  const onStderr = (line: string) => {
    const text = line.replace(/^\S+ \S+ \S+ \[\d+\] /, '').trim();
    if (text && !/^(LOG|DEBUG\d?|INFO|NOTICE|WARNING):/.test(text) && said.length < 10) said.push(text.replace(/\s+/g, ' '));
    return false;
  };
  const loadDataDir = fromCluster ? new Blob([readFileSync(fromCluster)]) : undefined;
  const db = await PGlite.create(dataDir ?? 'memory://', {
    loadDataDir,
    startParams,
    pgliteWasmModule,
    initdbWasmModule,
    onStderr,
    // The customer search's trigram index (core/migrations/010_customer_search.sql); the server has it as contrib.
    extensions: { pg_trgm },
  }).catch((err: Error) => {
    throw said.length ? new Error(`${err.message}: ${said.join(' ')}`, { cause: err }) : err;
  });
  const server = await serveWire(db, { maxConnections, onFault: (err) => send({ kind: 'fault', message: describe(err) }) });
  open = { db, server };
  return server.port;
}

async function dump(): Promise<ArrayBuffer> {
  return (await open!.db.dumpDataDir('none')).arrayBuffer();
}

async function stop(): Promise<void> {
  const { db, server } = open!;
  open = undefined;
  // The clients' connections first (a transaction left open is rolled back), then PostgreSQL,
  // which writes its files out as a clean shutdown does.
  await server.close();
  await db.close();
}

host.on('message', async (request: HostRequest) => {
  const { id } = request;
  try {
    if (request.kind === 'start') send({ kind: 'reply', id, port: await start(request.options) });
    else if (request.kind === 'dump') {
      const tar = await dump();
      send({ kind: 'reply', id, tar }, [tar]);
    } else {
      await stop();
      send({ kind: 'reply', id });
    }
  } catch (err) {
    send({ kind: 'reply', id, error: err instanceof Error ? err.message : String(err) });
  }
});
