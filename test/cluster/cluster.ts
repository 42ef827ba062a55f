import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, REPO_ROOT } from '../../core/config/load-config.ts';
import { createPortal } from '../../core/portal.ts';
import { runCli } from '../cli/run-cli.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { throwawayDatabase } from '../support/throwaway-database.ts';
import { haproxyConfig, startHaproxy } from './haproxy.ts';
import { freePort, pause, PortalNode, readyz } from './portal-node.ts';
import { HOST, seedJourneyCustomers, type JourneyCustomer } from './seed.ts';
import type { PreparedStorage } from './storage-kinds.ts';

export const NODE_COUNT = 3;
const SESSION_SECRET = 'cluster-test-session-secret-shared-by-every-node';

export interface Cluster {
  runDir: string;
  nodes: PortalNode[];
  /** haproxy's port: where the journeys go. */
  port: number;
  /** The relay every node reaches the database through. */
  dbProxy: Awaited<ReturnType<typeof startTcpProxy>>;
  /** A connection of the test's own, straight to the throwaway database (not through the relay). */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Ends every server process of the throwaway database except the test's own connection. */
  terminateBackends(): Promise<number>;
  customers: JourneyCustomer[];
}

/**
 * The host configuration every node (and the test's seeding) reads: production mode, the cluster
 * fixture tenant and plugin, one trusted proxy hop (haproxy).
 */
function hostConfig(runDir: string): string {
  return [
    'env: production',
    `dataDir: ${join(runDir, 'data')}`,
    `tenantsDir: ${join(REPO_ROOT, 'test/cluster/fixtures/tenants')}`,
    `pluginPaths: [${join(REPO_ROOT, 'plugins')}, ${join(REPO_ROOT, 'test/cluster/fixtures/plugins')}]`,
    'trustProxy: 1',
    `publicBaseUrl: http://${HOST}`,
    'mail: { transport: files, from: "Malla <no-reply@malla.test>" }',
    'database: { poolSize: 6 }',
    'logLevel: warn',
    '',
  ].join('\n');
}

/**
 * Builds the whole installation for one run and hands back how to stop it: a throwaway database
 * on the PostgreSQL server, migrated once with `portal migrate` and seeded; a TCP relay in front
 * of it; NODE_COUNT `portal start` processes sharing database, session secret and storage; haproxy
 * in front of them. Everything started is pushed onto `cleanups` as soon as it exists, so a failure
 * half-way still removes it.
 */
export async function startCluster(runDir: string, storage: PreparedStorage, journeyCustomers: number, cleanups: (() => Promise<void>)[]): Promise<Cluster> {
  mkdirSync(join(runDir, 'data'), { recursive: true });
  const configFile = join(runDir, 'portal.yaml');
  writeFileSync(configFile, hostConfig(runDir));

  const db = await throwawayDatabase();
  if (!db) throw new Error('the cluster test needs a PostgreSQL server: DATABASE_URL');
  cleanups.push(db.drop);
  const env = { NODE_ENV: 'production', DATABASE_URL: db.url, PORTAL_SESSION_SECRET: SESSION_SECRET, PORTAL_STORAGE_URL: storage.storageUrl, PORTAL_DATA_DIR: join(runDir, 'data'), ...storage.env };

  const migrated = await runCli(['migrate', '--config', configFile], env);
  if (migrated.code !== 0) throw new Error(`portal migrate failed:\n${migrated.stderr}`);

  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  cleanups.push(() => admin.end());
  // The relay's cuts must not reach the test's own connection: it goes straight to the server.
  admin.on('error', () => {});

  const config = await loadConfig({ file: configFile, env });
  const seeder = await createPortal(config, { logStream: { write: () => {} } });
  let customers: JourneyCustomer[];
  try {
    customers = await seedJourneyCustomers(seeder, journeyCustomers);
  } finally {
    await seeder.close();
  }

  const target = new URL(db.url);
  const dbProxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  cleanups.push(dbProxy.close);
  const throughProxy = new URL(db.url);
  throughProxy.host = `127.0.0.1:${dbProxy.port}`;

  mkdirSync(join(runDir, 'logs'), { recursive: true });
  const nodes: PortalNode[] = [];
  for (let i = 1; i <= NODE_COUNT; i++) {
    const node = new PortalNode(`node-${i}`, await freePort(), configFile, { ...env, DATABASE_URL: throughProxy.toString() }, join(runDir, 'logs', `node-${i}.log`));
    nodes.push(node);
    cleanups.push(() => node.stop());
  }
  await Promise.all(nodes.map((n) => n.start()));

  const port = await freePort();
  const haproxy = startHaproxy(runDir, haproxyConfig(port, nodes));
  cleanups.push(haproxy.stop);
  await untilHaproxyServes(port, nodes);

  return {
    runDir,
    nodes,
    port,
    dbProxy,
    customers,
    sql: async (text, params = []) => (await admin.query(text, params as unknown[])).rows,
    async terminateBackends() {
      const { rows } = await admin.query(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      return rows[0].n as number;
    },
  };
}

/** haproxy's first checks pass only after `rise` intervals; until then it answers 503 to everyone. */
async function untilHaproxyServes(port: number, nodes: PortalNode[]): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if ((await readyz(port)) === 200) return;
    await pause(200);
  }
  throw new Error(`haproxy on port ${port} never served /readyz from nodes ${nodes.map((n) => n.port).join(', ')}`);
}
