import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from '../accounts/entities.ts';
import type { AuditLog } from './audit.ts';
import type { LoginCounts } from '../metrics/portal-metrics.ts';

/**
 * Who may try a password now, from the audit trail (shared by every portal process). Wrong
 * passwords slow down the place they come from, not the account: five from one address on one
 * login stop that address on that login, many from one address on any logins stop that address.
 * Only failures from many addresses on one login (a distributed guess, which no per-address limit
 * catches) lock the login for everyone, once, for one window; its holder is told by email.
 */
export const LOGIN_WINDOW_MIN = 15;
export const PER_ACCOUNT_AND_ADDRESS = 5;
/** Generous: customers of one provider often share a carrier-grade NAT address. */
export const PER_ADDRESS = 30;

export type LoginBlock = 'address' | 'account-address' | 'locked';

interface Attempt {
  /** The audited action of the attempts: `login`, `staff.login`. */
  action: string;
  subject: string;
  ip: string;
}

export class LoginThrottle {
  readonly #audit: AuditLog;
  readonly #lockAddresses: number;
  readonly #counts: LoginCounts;

  constructor(audit: AuditLog, lockAddresses: number, counts: LoginCounts) {
    this.#audit = audit;
    this.#lockAddresses = lockAddresses;
    this.#counts = counts;
  }

  /** Counts an attempt answered with `block` without its password being checked. */
  refused(tenantId: string, { action }: Attempt, block: LoginBlock): void {
    this.#counts.throttled(tenantId, loginKind(action), block);
  }

  /** Why this attempt may not even be checked, or null. Asked before the password is. */
  async blocked(em: EntityManager, { action, subject, ip }: Attempt): Promise<LoginBlock | null> {
    const since = { $gt: new Date(Date.now() - LOGIN_WINDOW_MIN * 60_000) };
    if ((await em.count(AuditEntry, { action, ip, outcome: 'failure', at: since })) >= PER_ADDRESS) return 'address';
    if ((await em.count(AuditEntry, { action, subject, ip, outcome: 'failure', at: since })) >= PER_ACCOUNT_AND_ADDRESS) return 'account-address';
    if ((await em.count(AuditEntry, { action: lockAction(action), subject, at: since })) > 0) return 'locked';
    return null;
  }

  /**
   * Whether `done` (an audited action, e.g. the holder's password reset) succeeded after the lock
   * on this login started: the lock's email offers a new password, and choosing one must let its
   * holder back in at once rather than at the end of the window.
   */
  async doneSinceLock(em: EntityManager, { action, subject }: Attempt, done: { action: string; subject: string }): Promise<boolean> {
    const since = new Date(Date.now() - LOGIN_WINDOW_MIN * 60_000);
    const lock = await em.findOne(AuditEntry, { action: lockAction(action), subject, at: { $gt: since } }, { orderBy: { at: 'desc' } });
    if (!lock) return false;
    return (await em.count(AuditEntry, { action: done.action, subject: done.subject, outcome: 'success', at: { $gt: lock.at } })) > 0;
  }

  /**
   * After a failure has been flushed: locks the login when failures on it now come from enough
   * addresses. `onLock` (the holder's email) runs in the same transaction, only in the request
   * that starts the lock: a transaction-scoped advisory lock on the login makes concurrent
   * failures, in any process, decide one after the other.
   */
  async lockIfSpread(em: EntityManager, tenantId: string, { action, subject }: Attempt, onLock: (tx: EntityManager) => Promise<void>): Promise<boolean> {
    // Every failure passes here once, customer's and operator's alike: the one place to count them.
    this.#counts.failed(tenantId, loginKind(action));
    return em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx: unknown = tx.getTransactionContext();
      await conn.execute(`SELECT pg_advisory_xact_lock(hashtext(?)) AS locked`, [`login-lock:${tenantId}:${action}:${subject}`], 'all', ctx);
      const [row] = await conn.execute<{ addresses: string | number; locked: string | number }[]>(
        `SELECT
           (SELECT count(DISTINCT ip) FROM audit_log WHERE tenant_id = ? AND action = ? AND subject = ? AND outcome = 'failure'
              AND at > now() - (? * interval '1 minute')) AS addresses,
           (SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = ? AND subject = ?
              AND at > now() - (? * interval '1 minute')) AS locked`,
        [tenantId, action, subject, LOGIN_WINDOW_MIN, tenantId, lockAction(action), subject, LOGIN_WINDOW_MIN],
        'all',
        ctx,
      );
      const addresses = Number(row.addresses);
      if (addresses < this.#lockAddresses || Number(row.locked) > 0) return false;
      this.#audit.recordWith(tx, tenantId, { action: lockAction(action), outcome: 'success', subject, actorType: 'system', details: { addresses, minutes: LOGIN_WINDOW_MIN } });
      await onLock(tx);
      await tx.flush();
      return true;
    });
  }
}

function loginKind(action: string) {
  return action.startsWith('staff.') ? ('staff' as const) : ('customer' as const);
}

/** The audit row that marks a lock; its time starts the window the lock lasts. */
function lockAction(action: string): string {
  return `${action}.locked`;
}
