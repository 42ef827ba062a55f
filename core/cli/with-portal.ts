import type { HostConfig } from '../config/load-config.ts';
import { createPortal, type Portal } from '../portal.ts';
import { lockEmbeddedDatabase } from './embedded-lock.ts';

/** Opens the portal (database included) for a command and always closes it afterwards. */
export async function withPortal<T>(config: HostConfig, fn: (portal: Portal) => Promise<T>): Promise<T> {
  const unlock = lockEmbeddedDatabase(config);
  try {
    const portal = await createPortal(config);
    try {
      return await fn(portal);
    } finally {
      await portal.close();
    }
  } finally {
    unlock();
  }
}
