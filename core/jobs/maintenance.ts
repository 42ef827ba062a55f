import type { MikroORM } from '@mikro-orm/postgresql';
import type { SessionStore } from '../auth/session-store.ts';
import { purgeSubmissions } from '../http/form-submission.ts';

const HOUR = 3600_000;

/**
 * Housekeeping any process may do (each statement is idempotent, so several processes doing it
 * is harmless): expired sessions, spent tokens, old form submission tokens, and sent mail older
 * than 90 days.
 */
export function startMaintenance(orm: MikroORM, sessions: SessionStore, log: { error(obj: unknown, msg: string): void }): () => void {
  const run = async () => {
    const conn = orm.em.getConnection();
    try {
      await sessions.purgeExpired();
      await conn.execute(`DELETE FROM auth_tokens WHERE expires_at <= now() - interval '7 days'`);
      await purgeSubmissions(orm.em.fork());
      await conn.execute(`DELETE FROM mail_outbox WHERE status = 'sent' AND sent_at <= now() - interval '90 days'`);
    } catch (err) {
      log.error({ err }, 'maintenance failed');
    }
  };
  const timer = setInterval(run, HOUR);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
