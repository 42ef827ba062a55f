import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadConfig, REPO_ROOT, type HostConfigOverrides } from '../../core/config/load-config.ts';
import { createPortal, migrationSets, type Portal, type PortalOptions } from '../../core/portal.ts';
import { discoverPlugins } from '../../core/plugins/discover-plugins.ts';
import type { MigrationSet } from '../../core/db/migrate.ts';
import { throwawayDatabase } from './throwaway-database.ts';
import { embeddedTemplate, serverTemplate } from './migrated-template.ts';

/** A store other than the data folder's (e.g. a bucket of startS3Server) and the AWS_* variables it needs. */
export interface TestStorage {
  url: string;
  env?: Record<string, string>;
}

export interface TestPortal extends Portal {
  /** Everything the test created is removed: the throwaway database and data folder. */
  dispose(): Promise<void>;
}

/**
 * A portal on the database the run asks for: with DATABASE_URL, a fresh database created on that
 * server (dropped afterwards) so test files never see each other's rows; without it, an
 * embedded PostgreSQL in memory.
 */
export async function startTestPortal(
  overrides: HostConfigOverrides = {},
  options: Pick<PortalOptions, 'logStream'> & { /** A database the test owns (and removes) instead. */ databaseUrl?: string; storage?: TestStorage } = {},
): Promise<TestPortal> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-test-'));
  const { databaseUrl, storage, ...portalOptions } = options;
  const settings = {
    env: 'test',
    logLevel: 'warn',
    dataDir,
    tenantsDir: join(REPO_ROOT, 'test/fixtures/tenants'),
    pluginPaths: [join(REPO_ROOT, 'plugins'), join(REPO_ROOT, 'test/fixtures/plugins')],
    session: { secret: 'x'.repeat(48) },
    ...overrides,
    ...(storage ? { storage: { url: storage.url } } : {}),
  } satisfies HostConfigOverrides;
  const unplaced = await loadConfig({ env: {}, overrides: { ...settings, database: { ...overrides.database, url: databaseUrl } } });
  // A database the test brought starts as it is: what it holds is what the test is about.
  const sets = databaseUrl ? undefined : await migrationsOf(unplaced);
  // Both come from embedded-cluster.setup.ts; a vitest config without it just migrates each portal.
  const embeddedFrom = inject('embeddedCluster');
  const templateRun = inject('templateRun');
  const serverUrl = process.env.DATABASE_URL;
  const db = databaseUrl
    ? { url: databaseUrl, drop: async () => {} }
    : await throwawayDatabase({ template: sets && serverUrl && templateRun ? await serverTemplate(serverUrl, templateRun, sets) : undefined });
  const config = { ...unplaced, database: { ...unplaced.database, url: db?.url } };
  const portal = await createPortal(config, {
    ...portalOptions,
    storageEnv: storage?.env,
    embeddedInMemory: true,
    embeddedFrom: embeddedFrom ? (sets ? await embeddedTemplate(embeddedFrom, sets) : embeddedFrom) : undefined,
  });
  await portal.app.ready();
  return Object.assign(portal, {
    async dispose() {
      await portal.close();
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/**
 * Serves the portal over real HTTP on a free loopback port (browsers, load generators) and
 * returns that port; tenants are still told apart by the Host header, so callers map the
 * fixture hostnames to 127.0.0.1 themselves.
 */
export async function listenTestPortal(portal: Portal): Promise<number> {
  await portal.app.listen({ host: '127.0.0.1', port: 0 });
  const address = portal.app.server.address();
  if (!address || typeof address === 'string') throw new Error(`unexpected listen address: ${String(address)}`);
  return address.port;
}

/**
 * The migrations this portal will apply, so it can start from a copy that has them already;
 * undefined when its plugins do not load, for createPortal to report that as it always does.
 */
async function migrationsOf(config: { pluginPaths: string[]; pluginPackages: string[] }): Promise<MigrationSet[] | undefined> {
  try {
    return migrationSets(await discoverPlugins({ paths: config.pluginPaths, packages: config.pluginPackages, root: REPO_ROOT }));
  } catch {
    return undefined;
  }
}
