import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { dropServerTemplates } from './migrated-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * A fresh PGlite cluster initdb'd once per run, shut down cleanly: a data folder copied by
     * portals with a data folder, loaded by in-memory ones; empty on a PostgreSQL server run.
     */
    embeddedCluster: string;
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
    project.provide('templateRun', run);
    return () => dropServerTemplates(serverUrl, run);
  }
  project.provide('templateRun', '');
  const dir = mkdtempSync(join(tmpdir(), 'portal-cluster-'));
  // One initdb, on disk; closed, so that every copy starts without crash recovery.
  const dataDir = join(dir, 'pglite');
  await (await PGlite.create(dataDir)).close();
  project.provide('embeddedCluster', dataDir);
  return async () => rmSync(dir, { recursive: true, force: true });
}
