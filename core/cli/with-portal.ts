import type { HostConfig } from '../config/load-config.ts';
import { createPortal, type Portal } from '../portal.ts';
import { lockEmbeddedDatabase } from './embedded-lock.ts';

/**
 * Opens the portal (database included) for a command and always closes it afterwards. A command
 * has no query time limit: an import of a million rows may rightly take minutes in one statement,
 * and the operator running it sees it and can stop it; the limit protects serving nodes.
 */
export async function withPortal<T>(config: HostConfig, fn: (portal: Portal) => Promise<T>): Promise<T> {
  const unlock = lockEmbeddedDatabase(config);
  try {
    const portal = await createPortal({ ...config, database: { ...config.database, queryTimeoutMs: 0 } });
    try {
      return await fn(portal);
    } finally {
      await portal.close();
    }
  } finally {
    unlock();
  }
}
