import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { Mailer } from '../mail/mailer.ts';
import type { Links } from '../http/links.ts';
import type { Locale } from '../tenants/tenant.ts';
import { issueToken } from './tokens.ts';

export const RESET_TOKEN_MINUTES = 60;

/** Who gets a link to choose a new password: only the address already on file. */
export interface ResetRecipient {
  id: number;
  name: string;
  email: string;
  locale?: string | null;
}

/**
 * Issues a one-time reset token and queues an email carrying its link, in the caller's
 * transaction: the forgot-password answer and the "your login was locked" notice both send one,
 * and a token must never exist without its email (or the reverse).
 */
export async function queueResetMail(
  deps: { mail: Mailer; links: Links },
  em: EntityManager,
  request: FastifyRequest,
  customer: ResetRecipient,
  email: { template: string; subject: string; data?: Record<string, unknown> },
): Promise<void> {
  const { tenant, brand } = request;
  const token = await issueToken(em, tenant.id, { kind: 'reset', minutes: RESET_TOKEN_MINUTES, customerId: customer.id, email: customer.email });
  await deps.mail.queue(em, {
    tenant,
    brand,
    to: customer.email,
    locale: (customer.locale as Locale | null) ?? request.locale,
    template: email.template,
    subject: email.subject,
    subjectParams: { brand: brand.name },
    data: {
      name: customer.name,
      minutes: RESET_TOKEN_MINUTES,
      resetUrl: deps.links.absolute(tenant, `/password/reset?token=${token}`, brand),
      ...email.data,
    },
  });
}
