import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostConfig } from '../config/load-config.ts';
import { CliError } from './cli-error.ts';
import { displayPath } from './display-path.ts';

const LOCK_FILE = 'embedded-db.pid';

/**
 * The embedded PostgreSQL runs inside one process and its folder must not be opened by a second
 * one: `migrate` or `seed demo` next to a running `start` would corrupt it. Every command that
 * opens the embedded database holds this pid file; a real server (DATABASE_URL) needs none.
 */
export function lockEmbeddedDatabase(config: HostConfig): () => void {
  if (config.database.url) return () => {};
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (isAlive(holder)) {
      throw new CliError(
        `the embedded database in ${displayPath(join(config.dataDir, 'pglite'))} is in use by process ${holder}; ` +
          'stop that portal first, or use a PostgreSQL server (DATABASE_URL)',
      );
    }
    // Left behind by a process that was killed; nobody holds the database.
    rmSync(file, { force: true });
  }
  throw new CliError(`could not lock ${displayPath(file)}; another portal command is starting`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
