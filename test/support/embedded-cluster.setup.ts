import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a fresh PGlite cluster saved once per run; empty on a PostgreSQL server run. */
    embeddedCluster: string;
  }
}

/**
 * initdb inside PGlite takes about 2.5 s of the 3 s an in-memory portal needs to start, and every
 * test file starts at least one: running it once per run and loading its copy saves minutes.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.DATABASE_URL) {
    project.provide('embeddedCluster', '');
    return () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'portal-cluster-'));
  const file = join(dir, 'cluster.tar');
  const db = await PGlite.create('memory://');
  writeFileSync(file, Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer()));
  await db.close();
  project.provide('embeddedCluster', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
