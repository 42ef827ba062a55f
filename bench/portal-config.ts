import { join } from 'node:path';
import { loadConfig, REPO_ROOT, type HostConfig } from '../core/config/load-config.ts';

/**
 * What a production install would run, minus the outside world: caches on, request logging
 * off (it would measure the terminal), the shipped plugins only; the embedded database unless a
 * PostgreSQL URL is given.
 */
export function benchConfig(opts: { tenantsDir: string; dataDir: string; databaseUrl?: string }): Promise<HostConfig> {
  return loadConfig({
    // The caller's DATABASE_URL or PORT must not leak in: the database is the one the run names.
    env: {},
    overrides: {
      env: 'production',
      logLevel: 'warn',
      dataDir: opts.dataDir,
      tenantsDir: opts.tenantsDir,
      pluginPaths: [join(REPO_ROOT, 'plugins')],
      session: { secret: 'bench-'.repeat(8) },
      mail: { transport: 'files', from: 'Portal <no-reply@bench.example>' },
      database: { url: opts.databaseUrl },
    },
  });
}
