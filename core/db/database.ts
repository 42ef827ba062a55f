import { join } from 'node:path';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { EntitySchema } from '@mikro-orm/core';
import { startEmbeddedPostgres, EMBEDDED_MAX_CONNECTIONS, type EmbeddedPostgres } from './embedded-postgres.ts';
import { migrate, pendingMigrations, type MigrationSet } from './migrate.ts';
import type { Pool } from 'pg';
import { poolTimeouts } from './pool-timeouts.ts';
import { deferBegin } from './deferred-begin.ts';
import { prepareStatements } from './prepared-statements.ts';

export interface DatabaseOptions {
  /** A PostgreSQL URL; undefined runs the embedded PostgreSQL. */
  url?: string;
  /** Folder of the embedded database; undefined keeps it in memory. */
  embeddedDir?: string;
  /** A saved fresh cluster an in-memory embedded database starts from (see startEmbeddedPostgres). */
  embeddedFrom?: string;
  poolSize: number;
  /** Longest wait for a connection, new or free in the pool; then the query fails. */
  connectTimeoutMs?: number;
  /** Longest wait for a query's answer; 0 or undefined: no limit (migrations). */
  queryTimeoutMs?: number;
  entities: EntitySchema<any, any>[];
  migrations: MigrationSet[];
  debug?: boolean;
}

export interface Database {
  orm: MikroORM;
  embedded: boolean;
  /** A fresh entity manager that sees only this tenant's rows. */
  forTenant(tenantId: string): EntityManager;
  /** Migration files (`owner/file`) present on disk and not applied to this database. */
  pendingMigrations(): Promise<string[]>;
  /** This process's connections lent out now, and queries waiting for one (metrics). */
  poolUsage(): Promise<{ inUse: number; waiting: number }>;
  close(): Promise<void>;
}

/**
 * Every entity with a `tenantId` property gets the `tenant` filter, on by default: a query run
 * without a tenant fails instead of reading every tenant's rows. The filter does not reach the
 * QueryBuilder or raw SQL, which must name `tenant_id` themselves.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = opts.url;
  if (!url) {
    embedded = await startEmbeddedPostgres(opts.embeddedDir, opts.embeddedFrom);
    url = embedded.url;
  }
  const tenantOwned = opts.entities.filter((e) => 'tenantId' in (e.meta.properties ?? {}));
  let orm: MikroORM;
  try {
    orm = await MikroORM.init({
      clientUrl: url,
      entities: opts.entities,
      pool: { min: 0, max: embedded ? Math.min(opts.poolSize, EMBEDDED_MAX_CONNECTIONS) : opts.poolSize },
      // Without these a database that accepts connections but never answers (a hung server, a
      // network that drops packets) holds every request, and the pool, for ever.
      driverOptions: driverOptions({ connectTimeoutMs: opts.connectTimeoutMs, queryTimeoutMs: opts.queryTimeoutMs, embedded: Boolean(embedded) }),
      debug: opts.debug ?? false,
      allowGlobalContext: false,
      filters: {
        tenant: {
          cond: (args: Record<string, unknown>) => ({ tenantId: args.id }),
          entity: tenantOwned.map((e) => e.meta.className),
          default: true,
        },
      },
    });
    await migrate(orm, opts.migrations);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  return {
    orm,
    embedded: Boolean(embedded),
    forTenant(tenantId) {
      const em = orm.em.fork();
      em.setFilterParams('tenant', { id: tenantId });
      return em;
    },
    pendingMigrations: () => pendingMigrations(orm, opts.migrations),
    async poolUsage() {
      // The `pg` pool under MikroORM's kysely dialect; the embedded database is reached through
      // the same pool (over its socket), so both report alike.
      const pool = (await orm.em.getConnection().getNativeClient()) as { totalCount: number; idleCount: number; waitingCount: number };
      return { inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount };
    },
    async close() {
      await orm.close(true);
      await embedded?.stop();
    },
  };
}

export function coreMigrations(coreDir: string): MigrationSet {
  return { owner: 'core', dir: join(coreDir, 'migrations') };
}

/**
 * The pool's timeouts (see poolTimeouts); statements run again and again prepared once per connection
 * (see prepareStatements); every transaction's BEGIN sent with its first statement.
 */
function driverOptions(opts: Parameters<typeof poolTimeouts>[0] & { embedded: boolean }): Record<string, unknown> {
  const options = poolTimeouts(opts);
  const timeouts = options.onPoolCreated as ((pool: Pool) => void) | undefined;
  options.onPoolCreated = (pool: Pool) => {
    timeouts?.(pool);
    prepareStatements(pool);
    deferBegin(pool);
  };
  return options;
}
