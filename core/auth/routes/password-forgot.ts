import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CoreRouteDeps } from './index.ts';
import { findCustomerByIdentifier } from '../find-customer.ts';
import { recentAttempts } from '../attempts.ts';
import { countRecentTokens } from '../tokens.ts';
import { queueResetMail, RESET_TOKEN_MINUTES } from '../reset-mail.ts';
import { translate } from '../translate.ts';

/** Per identifier typed, whether or not it names anyone. */
export const FORGOT_IDENTIFIER_WINDOW_MIN = 60;
export const FORGOT_IDENTIFIER_LIMIT = 5;
/** Per customer: an account number and an email reach the same mailbox, the cap must too. */
export const RESET_MAILS_PER_HOUR = 5;

const forgotBody = {
  type: 'object',
  properties: {
    identifier: { type: 'string', maxLength: 255 },
    _csrf: { type: 'string' },
  },
} as const;

/**
 * "I forgot my password": by account number or email. The answer never says whether a login
 * was found; the link goes only to the address already on file, never to one typed here.
 */
export async function forgotRoutes(app: FastifyInstance, deps: CoreRouteDeps): Promise<void> {
  const { audit, mail, links, views, afterReply } = deps.services;

  /** The link goes out only when the identifier names a customer who may have one. */
  async function sendResetLink(em: EntityManager, request: FastifyRequest, identifier: string, subject: string): Promise<void> {
    const customer = await findCustomerByIdentifier(em, identifier);
    await em.transactional(async (tx) => {
      const { tenant } = request;
      let reason: string | undefined;
      if (!customer) reason = 'unknown';
      else if (customer.lockedAt) reason = 'locked';
      else if (!customer.email) reason = 'no-email';
      else if ((await countRecentTokens(tx, tenant.id, 'reset', customer.id, 60)) >= RESET_MAILS_PER_HOUR) reason = 'mail-cap';
      if (customer && !reason) {
        await queueResetMail({ mail, links }, tx, request, { ...customer, email: customer.email! }, { template: 'emails/password-reset', subject: 'emails.passwordReset.subject' });
      }
      audit.recordWith(tx, tenant.id, {
        action: 'password.forgot.link',
        outcome: reason ? 'failure' : 'success',
        subject,
        details: reason ? { reason } : undefined,
      }, request);
      await tx.flush();
    });
  }

  app.get('/password/forgot', async (_request, reply) =>
    reply.page('password-forgot', { values: {} }, { title: 'forgot.title', shared: true }));

  app.post(
    '/password/forgot',
    {
      schema: { body: forgotBody },
      attachValidation: true,
      config: { rateLimit: { max: 20, timeWindow: '10 minutes' } },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const identifier = typeof body.identifier === 'string' ? body.identifier.trim() : '';
      const again = (error: string, status: number) =>
        reply.page('password-forgot', { values: { identifier }, error }, { title: 'forgot.title', status });
      if (request.validationError || !identifier) return again('forgot.missing', 400);

      const subject = identifier.toLowerCase();
      if ((await recentAttempts(request.em, 'password.forgot', subject, FORGOT_IDENTIFIER_WINDOW_MIN)) >= FORGOT_IDENTIFIER_LIMIT) {
        audit.record(request, { action: 'password.forgot', outcome: 'denied', subject, details: { reason: 'throttled' } });
        await request.em.flush();
        return again('forgot.throttled', 429);
      }

      // Only what is the same for every identifier happens before the answer: the throttle above
      // and this row, which it counts. Finding the customer, the token and the email follow the
      // reply, so how long the answer takes cannot tell a stranger who has an account.
      audit.record(request, { action: 'password.forgot', outcome: 'success', subject });
      await request.em.flush();
      const em = request.em.fork();
      afterReply.schedule(reply, 'password reset link', () => sendResetLink(em, request, identifier, subject));
      return reply.page('check-email', { message: translate(views, request, 'forgot.sent', { minutes: RESET_TOKEN_MINUTES }) }, { title: 'forgot.sentTitle' });
    },
  );
}
