import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { HostConfig } from '../config/load-config.ts';
import { createPortal } from '../portal.ts';
import { CliError } from './cli-error.ts';
import { startBanner } from './demo-banner.ts';
import { displayPath } from './display-path.ts';
import { seedDemo, type DemoSeedResult } from './demo-seed.ts';
import { lockEmbeddedDatabase } from './embedded-lock.ts';
import type { Io } from './io.ts';
import { waitForShutdown } from './shutdown.ts';

/**
 * What `portal start` runs in a process that serves: alone, or as a worker of --workers. Opens the
 * portal, seeds the demo when asked, listens, and closes everything on SIGINT/SIGTERM.
 */
export async function servePortal(config: HostConfig, opts: { seedDemo: boolean }, io: Io): Promise<number> {
  const unlock = cluster.isWorker ? () => {} : lockEmbeddedDatabase(config);
  try {
    const portal = await createPortal(config);
    // Listening for signals before the slow part, so Ctrl+C during the seed still closes the database.
    const stopped = waitForShutdown((reason) => io.err(`Forced exit: ${reason}`));
    try {
      let seed: DemoSeedResult | undefined;
      if (opts.seedDemo) seed = await seedDemo(portal);
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
