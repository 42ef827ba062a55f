import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../core/db/embedded-postgres.ts';
import { listMigrations, migrate, type MigrationSet } from '../../core/db/migrate.ts';

/**
 * Names one exact list of migrations (owners, files and their text, in order): a portal booted
 * with other plugins has another list, so it gets another template and never a table it would
 * not have created itself.
 */
export function migrationsKey(sets: MigrationSet[]): string {
  const hash = createHash('sha256');
  for (const set of sets) {
    for (const file of listMigrations(set.dir)) hash.update(`${set.owner}/${file}\0`).update(readFileSync(join(set.dir, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

const built = new Map<string, Promise<string>>();

function once(key: string, build: () => Promise<string>): Promise<string> {
  let found = built.get(key);
  if (!found) {
    found = build();
    built.set(key, found);
    // A failed build is tried again by the next portal rather than failing every later file.
    found.catch(() => built.delete(key));
  }
  return found;
}

async function migrateAt(url: string, sets: MigrationSet[]): Promise<void> {
  const orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, pool: { min: 0, max: 1 } });
  try {
    await migrate(orm, sets);
  } finally {
    await orm.close(true);
  }
}

/**
 * A saved PGlite cluster folder with these migrations applied, next to the fresh cluster the run
 * saved (`embeddedCluster`); built by the first portal that needs it, then loaded by every other
 * one. Workers building the same one at once each write a whole folder and rename it into place;
 * the first rename wins and the others' copies are removed.
 */
export function embeddedTemplate(freshCluster: string, sets: MigrationSet[]): Promise<string> {
  const folder = join(dirname(freshCluster), `migrated-${migrationsKey(sets)}`);
  return once(folder, async () => {
    if (existsSync(folder)) return folder;
    const partial = `${folder}.${process.pid}`;
    const db = await startEmbeddedPostgres(undefined, freshCluster);
    try {
      await migrateAt(db.url, sets);
      await dropTemplateDatabases(db.url);
    } catch (err) {
      await db.stop();
      throw err;
    }
    await db.stopAndSave(partial);
    try {
      renameSync(partial, folder);
    } catch (err) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(folder)) throw err;
    }
    return folder;
  });
}

/**
 * template0 and template1 are only ever copied by CREATE DATABASE, which no embedded test runs
 * (PGlite has one database); without them a copy has half the files every in-memory portal writes
 * into its memory file system at boot (~15 ms CPU of each).
 */
async function dropTemplateDatabases(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const name of ['template0', 'template1']) {
      await client.query(`ALTER DATABASE ${name} IS_TEMPLATE false`);
      await client.query(`DROP DATABASE ${name}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * A database on the server with these migrations applied, for `CREATE DATABASE … TEMPLATE`. One
 * per run (`runId`) and list of migrations; built under an advisory lock so parallel workers
 * build it once, and flagged IS_TEMPLATE only when complete, so a half-built one is rebuilt.
 */
export function serverTemplate(serverUrl: string, runId: string, sets: MigrationSet[]): Promise<string> {
  const name = `portal_tpl_${runId}_${migrationsKey(sets)}`;
  return once(`${serverUrl} ${name}`, async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
      const { rows } = await admin.query<{ datistemplate: boolean }>('SELECT datistemplate FROM pg_database WHERE datname = $1', [name]);
      if (rows[0]?.datistemplate) return name;
      if (rows[0]) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      await migrateAt(url.toString(), sets);
      await admin.query(`ALTER DATABASE ${name} IS_TEMPLATE true`);
      return name;
    } finally {
      await admin.end();
    }
  });
}

/** Drops the templates one run built (its globalSetup's teardown). */
export async function dropServerTemplates(serverUrl: string, runId: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`portal_tpl_${runId}_%`]);
    for (const { datname } of rows) {
      await admin.query(`ALTER DATABASE ${datname} IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE ${datname} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
