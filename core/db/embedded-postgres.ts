import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { EmbeddedWorkerData, HostCommand, HostRequest, WorkerMessage } from './embedded-worker.ts';

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
  stop(): Promise<void>;
  /**
   * Stops an in-memory database and writes its cluster, shut down cleanly, to the new folder `dir`
   * for `fromCluster` (a migrated copy spares each test portal its migrations).
   */
  stopAndSave(dir: string): Promise<void>;
}

/**
 * Runs PGlite (PostgreSQL compiled to WASM) in a thread of its own, behind a loopback socket so
 * the stock `pg` driver, and therefore MikroORM's PostgreSQL driver, talks to it unchanged; the
 * portal's own thread is left to serve requests (see embedded-worker.ts).
 * `dataDir` undefined keeps everything in memory (tests). `fromCluster`, a cluster folder saved
 * by `stopAndSave` or shut down cleanly on disk, lets an in-memory database skip initdb, which is
 * most of its start-up.
 */
export async function startEmbeddedPostgres(dataDir?: string, fromCluster?: string): Promise<EmbeddedPostgres> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const where = dataDir ? ` in ${dataDir}` : '';
  const thread = await takeThread();
  const replies = new Map<number, { resolve(reply: WorkerMessage & { kind: 'reply' }): void; reject(err: Error): void }>();
  let nextId = 0;
  let ended: Error | undefined;
  let running = false;
  const end = (err: Error) => {
    if (ended) return;
    ended = err;
    for (const reply of replies.values()) reply.reject(err);
    replies.clear();
    // Nothing waits on the thread between requests: what ended it would go unseen.
    if (running) process.emitWarning(err.message, 'EmbeddedDatabaseWarning');
  };
  const onMessage = (msg: WorkerMessage) => {
    if (msg.kind === 'fault') return process.emitWarning(`The embedded database${where}: ${msg.message}`, 'EmbeddedDatabaseWarning');
    const reply = replies.get(msg.id);
    replies.delete(msg.id);
    reply?.resolve(msg);
  };
  const onError = (err: Error) => end(new Error(`The embedded database${where} stopped: ${err.stack ?? err.message}`, { cause: err }));
  const onExit = (code: number) => end(new Error(`The embedded database${where} stopped: its thread exited with code ${code}`));
  thread.on('message', onMessage).on('error', onError).on('exit', onExit);
  const request = async (command: HostCommand) => {
    if (ended) throw ended;
    const id = nextId++;
    const answer = new Promise<WorkerMessage & { kind: 'reply' }>((resolve, reject) => replies.set(id, { resolve, reject }));
    thread.postMessage({ ...command, id } satisfies HostRequest);
    const reply = await answer;
    if (reply.error) throw new Error(reply.error);
    return reply;
  };

  let port: number;
  try {
    const options = { dataDir, fromCluster: dataDir ? undefined : fromCluster, maxConnections: EMBEDDED_MAX_CONNECTIONS, startParams: START_PARAMS };
    port = (await request({ kind: 'start', options })).port!;
  } catch (err) {
    ended ??= err as Error;
    await thread.terminate();
    throw new Error(`The embedded database${where} did not start: ${(err as Error).message}`, { cause: err });
  }
  running = true;

  let stopped: Promise<void> | undefined;
  const stop = (saveTo?: string) => {
    stopped ??= (async () => {
      if (ended) return;
      let closed = false;
      try {
        await request({ kind: 'stop', saveTo });
        closed = true;
      } finally {
        ended ??= new Error(`The embedded database${where} is stopped`);
        thread.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (closed) parkThread(thread);
        else void thread.terminate();
      }
    })();
    return stopped;
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => stop(),
    async stopAndSave(dir) {
      // stop() after the thread ended has nothing to do; here it would leave no folder behind.
      if (ended || stopped) throw ended ?? new Error(`The embedded database${where} is stopped`);
      await stop(dir);
    },
  };
}

const START_PARAMS = [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`];

/**
 * Threads whose database was stopped, kept for the next one this process opens (a test run opens
 * one per file): a new thread loads PGlite's code again. Unref'd, they keep no process alive.
 */
const parked: Worker[] = [];
const MAX_PARKED = 2;

async function takeThread(): Promise<Worker> {
  const thread = parked.pop();
  if (!thread) return new Worker(new URL('./embedded-worker.ts', import.meta.url), { workerData: await compiledWasm() });
  thread.removeAllListeners('error').removeAllListeners('exit');
  thread.ref();
  return thread;
}

function parkThread(thread: Worker): void {
  if (parked.length >= MAX_PARKED) return void thread.terminate();
  thread.unref();
  // A parked thread that fails is dropped; nothing of the portal's runs in it.
  const drop = () => {
    const at = parked.indexOf(thread);
    if (at >= 0) parked.splice(at, 1);
  };
  thread.on('error', drop).on('exit', drop);
  parked.push(thread);
}

let wasm: Promise<EmbeddedWorkerData> | undefined;

/** PGlite's two WASM programs, compiled once per process and shared by every database's thread. */
function compiledWasm() {
  const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  const compile = async (file: string) => WebAssembly.compile(await readFile(join(dist, file)));
  wasm ??= Promise.all([compile('pglite.wasm'), compile('initdb.wasm')]).then(([pgliteWasmModule, initdbWasmModule]) => ({ pgliteWasmModule, initdbWasmModule }));
  return wasm;
}
