import { join } from 'node:path';
import { coreEntities } from '../../accounts/entities.ts';
import { coreMigrations, openDatabase } from '../../db/database.ts';
import { migrate as applyMigrations } from '../../db/migrate.ts';
import { CORE_DIR, loadInstall } from '../../portal.ts';
import { parseCommandArgs } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { displayPath } from '../display-path.ts';
import { lockEmbeddedDatabase } from '../embedded-lock.ts';
import type { Io } from '../io.ts';

export const usage = 'portal migrate [--config file]';
export const summary = 'Apply pending database migrations of core and every plugin';

export async function migrate(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, {}, usage);
  if (values.help) {
    io.out(`Usage: ${usage}\n\n${summary}. The portal also does this when it starts.`);
    return 0;
  }
  const config = await loadCliConfig({ file: values.config, needsSecret: false, quiet: true, checksOnly: true });
  const { plugins } = await loadInstall(config);
  const unlock = lockEmbeddedDatabase(config);
  try {
    // Opened with no migrations so that the run below is the one that applies them and says which.
    // Migrations are plain SQL: the entities only satisfy the ORM's start-up.
    const db = await openDatabase({
      url: config.database.url,
      embeddedDir: config.database.url ? undefined : join(config.dataDir, 'pglite'),
      poolSize: 1,
      connectTimeoutMs: config.database.connectTimeoutMs,
      // A migration may rewrite a large table: no query limit here, unlike a serving process.
      queryTimeoutMs: 0,
      entities: coreEntities,
      migrations: [],
    });
    try {
      const applied = await applyMigrations(db.orm, [
        coreMigrations(CORE_DIR),
        ...plugins.map((p) => ({ owner: p.name, dir: join(p.dir, 'migrations') })),
      ]);
      io.out(`Database: ${describeDatabase(config.database.url, join(config.dataDir, 'pglite'))}`);
      if (applied.length === 0) io.out('Nothing to apply; the database is up to date.');
      for (const name of applied) io.out(`Applied ${name}`);
    } finally {
      await db.close();
    }
  } finally {
    unlock();
  }
  return 0;
}

/** The server and database name, never the password. */
function describeDatabase(url: string | undefined, embeddedDir: string): string {
  if (!url) return `embedded PostgreSQL in ${displayPath(embeddedDir)}`;
  const u = new URL(url);
  return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
}
