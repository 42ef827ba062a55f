import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { dropServerTemplates } from './migrated-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a fresh PGlite cluster saved once per run; empty on a PostgreSQL server run. */
    embeddedCluster: string;
    /** The same fresh cluster as a data folder, for embedded portals on disk; empty on a server run. */
    embeddedDataDir: string;
    /** Names this run's migrated template databases on a PostgreSQL server (see migrated-template.ts). */
    templateRun: string;
  }
}

/**
 * initdb inside PGlite takes about 2.5 s of the 3 s an in-memory portal needs to start, and every
 * test file starts at least one: running it once per run and loading its copy saves minutes.
 * Migrated copies of it (embedded) or template databases (server) are then made by the first
 * portal that needs them and live as long as the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const run = randomBytes(4).toString('hex');
    project.provide('embeddedCluster', '');
    project.provide('embeddedDataDir', '');
    project.provide('templateRun', run);
    return () => dropServerTemplates(serverUrl, run);
  }
  project.provide('templateRun', '');
  const dir = mkdtempSync(join(tmpdir(), 'portal-cluster-'));
  const file = join(dir, 'cluster.tar');
  // One initdb, on disk: its folder is copied for portals with a data folder, its tar loaded by
  // in-memory ones.
  const dataDir = join(dir, 'pglite');
  const db = await PGlite.create(dataDir);
  writeFileSync(file, Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer()));
  await db.close();
  project.provide('embeddedCluster', file);
  project.provide('embeddedDataDir', dataDir);
  return async () => rmSync(dir, { recursive: true, force: true });
}
