import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';

export interface MigrationSet {
  /** `core` or the plugin's name. */
  owner: string;
  dir: string;
}

/** Any fixed number: every portal process takes the same lock before migrating. */
const MIGRATION_LOCK = 727_001;

/**
 * Applies pending `NNN_name.sql` files of core and every plugin, in dependency order, inside one
 * transaction under an advisory lock, so two processes starting together migrate once.
 * Plain SQL keeps each plugin's schema readable in its own folder and exact for PostgreSQL 15.
 */
export async function migrate(orm: MikroORM, sets: MigrationSet[]): Promise<string[]> {
  const applied: string[] = [];
  await orm.em.fork().transactional(async (em) => {
    const conn = em.getConnection();
    const ctx: unknown = em.getTransactionContext();
    await conn.execute(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`, [], 'all', ctx);
    await conn.execute(
      `CREATE TABLE IF NOT EXISTS portal_migrations (
         owner varchar(64) NOT NULL, name varchar(128) NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (owner, name))`,
      [], 'all', ctx,
    );
    const done = new Set(
      (await conn.execute<{ owner: string; name: string }[]>('SELECT owner, name FROM portal_migrations', [], 'all', ctx))
        .map((r) => `${r.owner}/${r.name}`),
    );
    for (const set of sets) {
      for (const file of listMigrations(set.dir)) {
        const key = `${set.owner}/${file}`;
        if (done.has(key)) continue;
        await conn.execute(readFileSync(join(set.dir, file), 'utf8'), [], 'run', ctx);
        await conn.execute('INSERT INTO portal_migrations (owner, name) VALUES (?, ?)', [set.owner, file], 'run', ctx);
        applied.push(key);
      }
    }
  });
  return applied;
}

/**
 * Migration files of core and the plugins not yet recorded as applied: what a node started from
 * newer code than the database has seen would run. No lock, nothing written: readiness asks it.
 */
export async function pendingMigrations(orm: MikroORM, sets: MigrationSet[]): Promise<string[]> {
  const conn = orm.em.fork().getConnection();
  const table = await conn.execute<{ found: string | null }[]>(`SELECT to_regclass('portal_migrations') AS found`);
  const done = new Set(
    table[0]?.found
      ? (await conn.execute<{ owner: string; name: string }[]>('SELECT owner, name FROM portal_migrations')).map((r) => `${r.owner}/${r.name}`)
      : [],
  );
  return sets.flatMap((set) => listMigrations(set.dir).map((file) => `${set.owner}/${file}`)).filter((key) => !done.has(key));
}

/** The `NNN_name.sql` files of one set, in the order they apply. */
export function listMigrations(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^\d{3,}_[\w-]+\.sql$/.test(f)).sort();
}
