import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { EmbeddedWorkerData, HostRequest, WorkerMessage } from './embedded-worker.ts';

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
 * Runs PGlite (PostgreSQL compiled to WASM) in a thread of its own, behind a loopback socket so
 * the stock `pg` driver, and therefore MikroORM's PostgreSQL driver, talks to it unchanged; the
 * portal's own thread is left to serve requests (see embedded-worker.ts).
 * `dataDir` undefined keeps everything in memory (tests). `fromCluster`, the path of a cluster
 * saved by `dump`, lets an in-memory database skip initdb, which is most of its start-up.
 */
export async function startEmbeddedPostgres(dataDir?: string, fromCluster?: string): Promise<EmbeddedPostgres> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const where = dataDir ? ` in ${dataDir}` : '';
  const data: EmbeddedWorkerData = {
    dataDir,
    fromCluster: dataDir ? undefined : fromCluster,
    maxConnections: EMBEDDED_MAX_CONNECTIONS,
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
    ...(await compiledWasm()),
  };
  const worker = new Worker(new URL('./embedded-worker.ts', import.meta.url), { workerData: data });
  const replies = new Map<number, { resolve(tar?: ArrayBuffer): void; reject(err: Error): void }>();
  let ended: Error | undefined;
  let running = false;
  let stopping = false;
  const end = (err: Error) => {
    if (ended) return;
    ended = err;
    for (const reply of replies.values()) reply.reject(err);
    replies.clear();
    // Nothing waits on the thread between requests: what ended it would go unseen.
    if (running && !stopping) process.emitWarning(err.message, 'EmbeddedDatabaseWarning');
  };
  const started = new Promise<number>((resolve, reject) => {
    const failed = (err: Error) => reject(new Error(`The embedded database${where} did not start: ${err.message}`, { cause: err }));
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.kind === 'ready') resolve(msg.port);
      else if (msg.kind === 'fault') process.emitWarning(`The embedded database${where}: ${msg.message}`, 'EmbeddedDatabaseWarning');
      else {
        const reply = replies.get(msg.id);
        replies.delete(msg.id);
        if (msg.error) reply?.reject(new Error(`The embedded database${where}: ${msg.error}`));
        else reply?.resolve(msg.tar);
      }
    });
    worker.on('error', (err) => {
      failed(err);
      end(new Error(`The embedded database${where} stopped: ${err.stack ?? err.message}`, { cause: err }));
    });
    worker.on('exit', (code) => {
      failed(new Error(`its thread exited with code ${code}`));
      end(new Error(`The embedded database${where} stopped: its thread exited with code ${code}`));
    });
  });
  const port = await started;
  running = true;

  let nextId = 0;
  let stopped: Promise<void> | undefined;
  const request = (kind: HostRequest['kind']) =>
    new Promise<ArrayBuffer | undefined>((resolve, reject) => {
      if (ended) return reject(ended);
      const id = nextId++;
      replies.set(id, { resolve, reject });
      worker.postMessage({ kind, id } satisfies HostRequest);
    });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dump: async () => new Blob([(await request('dump'))!]),
    stop() {
      stopped ??= (async () => {
        if (ended) return;
        stopping = true;
        try {
          await request('stop');
        } finally {
          await worker.terminate();
        }
      })();
      return stopped;
    },
  };
}

let wasm: Promise<Pick<EmbeddedWorkerData, 'pgliteWasmModule' | 'initdbWasmModule'>> | undefined;

/** PGlite's two WASM programs, compiled once per process and shared by every database's thread. */
function compiledWasm() {
  const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  const compile = async (file: string) => WebAssembly.compile(await readFile(join(dist, file)));
  wasm ??= Promise.all([compile('pglite.wasm'), compile('initdb.wasm')]).then(([pgliteWasmModule, initdbWasmModule]) => ({ pgliteWasmModule, initdbWasmModule }));
  return wasm;
}
