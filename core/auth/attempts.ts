import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from '../accounts/entities.ts';

/**
 * Attempts recorded in the audit trail for one subject within the window. Unlike login, where
 * only failures count, flows that send mail count successes too: each one is an email a
 * stranger could make us send. Denied attempts do not count, so waiting ends the block.
 */
export async function recentAttempts(em: EntityManager, action: string, subject: string, minutes: number): Promise<number> {
  return em.count(AuditEntry, {
    action,
    subject,
    outcome: { $in: ['success', 'failure'] },
    at: { $gt: new Date(Date.now() - minutes * 60_000) },
  });
}
