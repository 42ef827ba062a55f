import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

/**
 * Gives a new data folder the embedded cluster initdb'd once for this run (embedded-cluster.setup.ts),
 * so the first command or portal that opens it skips initdb: seconds of CPU per folder, the
 * larger part of a first `migrate`. What is copied is exactly what initdb leaves, no migration
 * applied: the commands still find an empty database. Tests of a first start from nothing keep
 * an empty folder. A no-op on a server run, where the folder holds no database.
 */
export function withInitdbCluster(dataDir: string): string {
  const cluster = inject('embeddedCluster');
  if (cluster) cpSync(cluster, join(dataDir, 'pglite'), { recursive: true });
  return dataDir;
}
