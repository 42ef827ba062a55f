import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { Mailer } from '../mail/mailer.ts';
import type { Links } from '../http/links.ts';
import type { Locale } from '../tenants/tenant.ts';

/**
 * "Your password was changed", so a customer whose account was taken over finds out and knows
 * where to take it back. Queued in the caller's transaction: no change without its notice.
 */
export async function queuePasswordChanged(
  deps: { mail: Mailer; links: Links },
  em: EntityManager,
  request: FastifyRequest,
  customer: { name: string; email?: string | null; locale?: string | null },
): Promise<void> {
  if (!customer.email) return;
  const brand = request.brand;
  await deps.mail.queue(em, {
    tenant: request.tenant,
    brand,
    to: customer.email,
    locale: (customer.locale as Locale | null) ?? request.locale,
    template: 'emails/password-changed',
    subject: 'emails.passwordChanged.subject',
    subjectParams: { brand: brand.name },
    data: {
      name: customer.name,
      changedAt: new Date(),
      forgotUrl: deps.links.absolute(request.tenant, '/password/forgot', brand),
      loginUrl: deps.links.absolute(request.tenant, '/login', brand),
    },
  });
}
