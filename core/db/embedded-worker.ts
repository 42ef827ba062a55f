// The embedded PostgreSQL's thread (started by embedded-postgres.ts): PGlite and the socket the
// portal's `pg` pool talks to. PGlite runs each query synchronously; here that blocks this thread
// only, and the portal's requests go on in the main one, as they would beside a PostgreSQL server.
// A thread runs one database at a time; once it is stopped the thread may open the next one.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { serveWire, type WireServer } from './pglite-wire-server.ts';
import { ClusterFS, clusterStamp, readCluster, type ClusterImage } from './cluster-fs.ts';

/** PGlite's two WASM programs, compiled once per process: a thread of its own would compile them again. */
export interface EmbeddedWorkerData {
  pgliteWasmModule: WebAssembly.Module;
  initdbWasmModule: WebAssembly.Module;
}

export interface EmbeddedOptions {
  /** Folder of the database; undefined keeps it in memory. */
  dataDir?: string;
  /** A cluster folder saved by `stopAndSave` (or initdb'd on disk), copied by an in-memory database instead of running initdb. */
  fromCluster?: string;
  maxConnections: number;
  startParams: string[];
}

/** `saveTo`: a new folder the in-memory database's cluster is written to once it has shut down. */
export type HostCommand = { kind: 'start'; options: EmbeddedOptions } | { kind: 'stop'; saveTo?: string };
export type HostRequest = HostCommand & { id: number };

export type WorkerMessage =
  | { kind: 'reply'; id: number; port?: number; error?: string }
  /** Something went wrong that no client's answer reports (the database goes on). */
  | { kind: 'fault'; message: string };

const host = parentPort!;
const { pgliteWasmModule, initdbWasmModule } = workerData as EmbeddedWorkerData;
const describe = (err: unknown) => (err instanceof Error ? err.stack ?? err.message : String(err));
const send = (message: WorkerMessage) => host.postMessage(message);

let open: { db: PGlite; server: WireServer; fs?: ClusterFS } | undefined;

/**
 * Saved clusters this thread has read, by clusterStamp: a test run starts every in-memory database
 * from one of a few, and a parked thread serves many databases. A few, as each is tens of MB.
 */
const images = new Map<string, ClusterImage>();
const MAX_IMAGES = 3;

function clusterImage(dir: string): ClusterImage {
  const stamp = clusterStamp(dir);
  let image = images.get(stamp);
  if (image) images.delete(stamp);
  else image = readCluster(dir);
  images.set(stamp, image);
  if (images.size > MAX_IMAGES) images.delete(images.keys().next().value!);
  return image;
}

async function start({ dataDir, fromCluster, maxConnections, startParams }: EmbeddedOptions): Promise<number> {
  // PostgreSQL says why it cannot start (a folder of another version, a damaged one) on its
  // stderr, which PGlite keeps to itself: its error says only that it failed.
  const said: string[] = [];
  const onStderr = (line: string) => {
    const text = line.replace(/^\S+ \S+ \S+ \[\d+\] /, '').trim();
    if (text && !/^(LOG|DEBUG\d?|INFO|NOTICE|WARNING):/.test(text) && said.length < 10) said.push(text.replace(/\s+/g, ' '));
    return false;
  };
  const fs = dataDir ? undefined : new ClusterFS(fromCluster ? clusterImage(fromCluster) : undefined);
  const db = await PGlite.create(dataDir, {
    fs,
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
  open = { db, server, fs };
  return server.port;
}

async function stop(saveTo?: string): Promise<void> {
  const { db, server, fs } = open!;
  if (saveTo && !fs) throw new Error('only an in-memory database saves its cluster: a data folder is one already');
  open = undefined;
  if (saveTo) fs!.saveOnClose(saveTo);
  // The clients' connections first (a transaction left open is rolled back), then PostgreSQL,
  // which writes its files out as a clean shutdown does.
  await server.close();
  await db.close();
}

host.on('message', async (request: HostRequest) => {
  const { id } = request;
  try {
    if (request.kind === 'start') send({ kind: 'reply', id, port: await start(request.options) });
    else {
      await stop(request.saveTo);
      send({ kind: 'reply', id });
    }
  } catch (err) {
    send({ kind: 'reply', id, error: err instanceof Error ? err.message : String(err) });
  }
});
