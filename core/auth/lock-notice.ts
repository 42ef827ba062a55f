import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { Mailer } from '../mail/mailer.ts';
import type { Links } from '../http/links.ts';
import type { Locale } from '../tenants/tenant.ts';
import { issueToken } from './tokens.ts';
import { LOGIN_WINDOW_MIN } from './login-throttle.ts';
import { RESET_TOKEN_MINUTES } from './routes/password-forgot.ts';

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
  const { tenant, brand } = request;
  const token = await issueToken(em, tenant.id, { kind: 'reset', minutes: RESET_TOKEN_MINUTES, customerId: customer.id, email: customer.email });
  await deps.mail.queue(em, {
    tenant,
    brand,
    to: customer.email,
    locale: (customer.locale as Locale | null) ?? request.locale,
    template: 'emails/login-locked',
    subject: 'emails.loginLocked.subject',
    subjectParams: { brand: brand.name },
    data: {
      name: customer.name,
      lockMinutes: LOGIN_WINDOW_MIN,
      minutes: RESET_TOKEN_MINUTES,
      resetUrl: deps.links.absolute(tenant, `/password/reset?token=${token}`, brand),
    },
  });
}
