import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createPortal } from '../../portal.ts';
import { parseCommandArgs } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError, UsageError } from '../cli-error.ts';
import { runClusterPrimary } from '../cluster-primary.ts';
import { workerCount } from '../worker-count.ts';
import { startBanner } from '../demo-banner.ts';
import { displayPath } from '../display-path.ts';
import { seedDemo, type DemoSeedResult } from '../demo-seed.ts';
import { lockEmbeddedDatabase } from '../embedded-lock.ts';
import type { Io } from '../io.ts';
import { waitForShutdown } from '../shutdown.ts';

export const usage = 'portal start [--seed-demo] [--workers N|auto] [--config file]';
export const summary = 'Start the portal; --seed-demo first loads the demo customers and prints how to log in';

export async function start(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, { 'seed-demo': { type: 'boolean' }, workers: { type: 'string' } }, usage);
  if (values.help) {
    io.out(`Usage: ${usage}\n\n${summary}.\n--workers runs N portal processes on one port (auto: one per core); needs DATABASE_URL.\nStops cleanly on SIGINT (Ctrl+C) or SIGTERM.`);
    return 0;
  }
  const workers = workerCount(values.workers, usage);
  const config = await loadCliConfig({ file: values.config, needsSecret: true, quiet: false });
  if (workers > 1 && cluster.isPrimary) {
    // The embedded database lives in one process's memory and locks its folder; workers cannot share it.
    if (!config.database.url) throw new UsageError(`--workers ${values.workers} needs a PostgreSQL server: set DATABASE_URL (the embedded database can be opened by one process only)`, usage);
    if (values['seed-demo']) throw new UsageError('--seed-demo runs in one process: run "portal seed demo" first, then start the workers', usage);
    return runClusterPrimary(workers, io);
  }
  const unlock = cluster.isWorker ? () => {} : lockEmbeddedDatabase(config);
  try {
    const portal = await createPortal(config);
    // Listening for signals before the slow part, so Ctrl+C during the seed still closes the database.
    const stopped = waitForShutdown((reason) => io.err(`Forced exit: ${reason}`));
    try {
      let seed: DemoSeedResult | undefined;
      if (values['seed-demo']) seed = await seedDemo(portal);
      portal.startWorkers();
      await listen(portal.app, config.host, config.port);
      const { port } = portal.app.server.address() as AddressInfo;
      // stdout carries the JSON log alone (`portal start | jq`); the banner is for the operator,
      // who needs it once, not once per worker.
      if (!cluster.isWorker || cluster.worker?.id === 1) io.err(startBanner({
        tenants: portal.tenants,
        port,
        devHostnames: config.env !== 'production',
        mailNote: config.mail.transport === 'files'
          ? `Outgoing emails are written to ${displayPath(join(config.dataDir, 'mail'))} as .eml files.`
          : `Outgoing emails are sent through ${config.mail.smtp?.host}.`,
        seed,
      }));
      const signal = await stopped;
      io.err(`${signal} received: closing connections and the database…`);
    } finally {
      await portal.close();
    }
  } finally {
    unlock();
  }
  return 0;
}

async function listen(app: { listen(opts: { host: string; port: number }): Promise<string> }, host: string, port: number): Promise<void> {
  try {
    await app.listen({ host, port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${port} on ${host} is already in use; stop the other process or set PORT`);
    if (code === 'EACCES') throw new CliError(`not allowed to listen on port ${port}; use a port above 1023 (PORT)`);
    throw err;
  }
}
