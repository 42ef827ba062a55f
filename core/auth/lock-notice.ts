import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { Mailer } from '../mail/mailer.ts';
import type { Links } from '../http/links.ts';
import { LOGIN_WINDOW_MIN } from './login-throttle.ts';
import { queueResetMail } from './reset-mail.ts';

/**
 * "Your login was locked": wrong passwords came from many places, so someone may know more than
 * they should. A link to choose a new password comes with it, so the holder need not wait out the
 * lock and can make the guessed password worthless. Queued in the lock's own transaction.
 */
export async function queueLoginLocked(
  deps: { mail: Mailer; links: Links },
  em: EntityManager,
  request: FastifyRequest,
  customer: { id: number; name: string; email?: string | null; locale?: string | null },
): Promise<void> {
  if (!customer.email) return;
  await queueResetMail(deps, em, request, { ...customer, email: customer.email }, {
    template: 'emails/login-locked',
    subject: 'emails.loginLocked.subject',
    data: { lockMinutes: LOGIN_WINDOW_MIN },
  });
}
