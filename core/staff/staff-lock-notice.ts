import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { Mailer } from '../mail/mailer.ts';
import type { Links } from '../http/links.ts';
import { LOGIN_WINDOW_MIN } from '../auth/login-throttle.ts';

/**
 * "Your back-office login was locked": wrong passwords for it came from many places. Operators
 * have no self-service reset (an administrator resets them), so the email says whom to ask.
 * Queued in the lock's own transaction.
 */
export async function queueStaffLoginLocked(
  deps: { mail: Mailer; links: Links },
  em: EntityManager,
  request: FastifyRequest,
  user: { name: string; email: string },
): Promise<void> {
  const { tenant, brand } = request;
  await deps.mail.queue(em, {
    tenant,
    brand,
    to: user.email,
    locale: request.locale,
    template: 'emails/staff-login-locked',
    subject: 'staff.emails.loginLocked.subject',
    subjectParams: { brand: brand.name },
    data: { name: user.name, lockMinutes: LOGIN_WINDOW_MIN, loginUrl: deps.links.absolute(tenant, '/staff/login', brand) },
  });
}
