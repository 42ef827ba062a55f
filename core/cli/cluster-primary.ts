import cluster, { type Worker } from 'node:cluster';
import type { Io } from './io.ts';
import { waitForShutdown } from './shutdown.ts';

/** A worker that lived less than this is restarted after a growing wait, so a crash loop never spins. */
const STABLE_MS = 10_000;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/**
 * The primary of `portal start --workers N`: it serves nothing itself. It forks N workers, each
 * running the whole portal on the same port (cluster shares the listening socket), restarts one
 * that dies, and on SIGINT/SIGTERM passes the signal on and waits until every worker has drained
 * its requests and closed its database pool. Resolves with the exit code.
 */
export async function runClusterPrimary(count: number, io: Io): Promise<number> {
  let stopping = false;
  let backoff = FIRST_BACKOFF_MS;
  const startedAt = new Map<Worker, number>();

  const fork = () => {
    if (stopping) return;
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
    io.err(`worker ${worker.process.pid} started`);
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) return;
    backoff = lived >= STABLE_MS ? FIRST_BACKOFF_MS : Math.min(backoff * 2, MAX_BACKOFF_MS);
    const wait = lived >= STABLE_MS ? FIRST_BACKOFF_MS : backoff;
    io.err(`worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another in ${wait} ms`);
    setTimeout(fork, wait);
  });

  const stopped = waitForShutdown((reason) => io.err(`Forced exit: ${reason}`));
  for (let i = 0; i < count; i++) fork();

  const signal = await stopped;
  stopping = true;
  io.err(`${signal} received: draining ${startedAt.size} workers…`);
  const workers = [...startedAt.keys()];
  await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
    if (w.isDead()) return resolve();
    w.once('exit', () => resolve());
    w.process.kill('SIGTERM');
  })));
  return 0;
}
