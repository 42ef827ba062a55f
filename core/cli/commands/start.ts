import cluster from 'node:cluster';
import { parseCommandArgs } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { UsageError } from '../cli-error.ts';
import { runClusterPrimary } from '../cluster-primary.ts';
import { workerCount } from '../worker-count.ts';
import type { Io } from '../io.ts';

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
  // Imported here: the primary of --workers serves nothing and has no use for the portal's modules.
  const { servePortal } = await import('../serve-portal.ts');
  return servePortal(config, { seedDemo: values['seed-demo'] === true }, io);
}
