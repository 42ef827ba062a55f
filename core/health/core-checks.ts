import type { Database } from '../db/database.ts';
import type { ReadinessCheck } from './readiness.ts';

/** The database answers a query on a pooled connection. */
export function databaseCheck(db: Database): ReadinessCheck {
  return { name: 'database', run: async () => void (await db.orm.em.fork().getConnection().execute('SELECT 1')) };
}

/** No migration file of core or of an enabled plugin is waiting: the schema matches the code. */
export function migrationsCheck(db: Database): ReadinessCheck {
  return {
    name: 'migrations',
    async run() {
      const pending = await db.pendingMigrations();
      if (pending.length) throw new Error(`pending: ${pending.join(', ')} (run \`portal migrate\`)`);
    },
  };
}

/** The file store answers: the local folder accepts a write, the S3 bucket answers HeadBucket. */
export function storageCheck(storage: { probe(): Promise<void> }): ReadinessCheck {
  return { name: 'storage', run: () => storage.probe() };
}
