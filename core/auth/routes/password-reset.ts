import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InferEntity } from '@mikro-orm/core';
import type { CoreRouteDeps } from './index.ts';
import { Account, Customer } from '../../accounts/entities.ts';
import { hashPassword } from '../passwords.ts';
import { identityWords, newPasswordProblem } from '../new-password.ts';
import { queuePasswordChanged } from '../password-notice.ts';
import { consumeToken, lookupToken, retireTokens, type AuthToken } from '../tokens.ts';
import { translate } from '../translate.ts';
import { setPasswordPage, tokenFailurePage, type TokenFailure } from './token-pages.ts';
import { clearSessionCookie } from '../session-hook.ts';

const resetBody = {
  type: 'object',
  properties: {
    token: { type: 'string', maxLength: 100 },
    password: { type: 'string', maxLength: 1024 },
    confirm: { type: 'string', maxLength: 1024 },
    _csrf: { type: 'string' },
  },
} as const;

type Ready = { ok: true; token: AuthToken; customer: InferEntity<typeof Customer> };

async function checkResetLink(em: EntityManager, tenantId: string, raw: unknown): Promise<Ready | { ok: false; failure: TokenFailure }> {
  const found = await lookupToken(em, tenantId, 'reset', raw);
  if (found.status !== 'valid') return { ok: false, failure: found.status };
  const customer = found.token.customerId ? await em.findOne(Customer, { id: found.token.customerId }) : null;
  // A login locked by the provider stays locked: a reset link must not be a way around it.
  if (!customer || customer.lockedAt) return { ok: false, failure: 'unknown' };
  return { ok: true, token: found.token, customer };
}

/**
 * Choosing a new password from an emailed link. Success ends every session of the customer,
 * wherever it is: if someone else was inside, the reset is how the owner throws them out.
 */
export async function resetRoutes(app: FastifyInstance, deps: CoreRouteDeps): Promise<void> {
  const { audit, sessions, views, mail, links } = deps.services;

  app.get<{ Querystring: { token?: string } }>('/password/reset', async (request, reply) => {
    const link = await checkResetLink(request.em, request.tenant.id, request.query.token);
    if (!link.ok) return tokenFailurePage(reply, 'reset', link.failure);
    return setPasswordPage(reply, 'reset', { token: request.query.token! });
  });

  app.post(
    '/password/reset',
    {
      schema: { body: resetBody },
      attachValidation: true,
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const raw = typeof body.token === 'string' ? body.token : '';
      const link = await checkResetLink(request.em, request.tenant.id, raw);
      if (!link.ok) return tokenFailurePage(reply, 'reset', link.failure);
      const { customer } = link;

      const accounts = await request.em.find(Account, { customerId: customer.id });
      const context = identityWords({
        accountNumbers: accounts.map((a) => a.number),
        documentNumbers: accounts.map((a) => a.documentNumber),
        email: customer.email,
      });
      const problem = request.validationError ? 'passwordForm.missing' : newPasswordProblem(body.password, body.confirm, context);
      if (problem) return setPasswordPage(reply, 'reset', { token: raw, error: problem }, 400);
      const passwordHash = await hashPassword(body.password as string);

      const used = await request.em.transactional(async (tx) => {
        if (!(await consumeToken(tx, request.tenant.id, link.token.id))) return false;
        const c = await tx.findOneOrFail(Customer, { id: customer.id });
        c.passwordHash = passwordHash;
        c.mustChangePassword = false;
        // The link reached the mailbox on file: that proves the address as well as a verification would.
        c.emailVerifiedAt ??= new Date();
        await retireTokens(tx, request.tenant.id, 'reset', { customerId: c.id });
        audit.recordWith(tx, request.tenant.id, {
          action: 'password.reset',
          outcome: 'success',
          subject: String(c.id),
          actorType: 'customer',
          actorId: c.id,
        }, request);
        await queuePasswordChanged({ mail, links }, tx, request, c);
        await tx.flush();
        return true;
      });
      if (!used) return tokenFailurePage(reply, 'reset', 'used');

      await sessions.destroyForCustomer(request.tenant.id, customer.id);
      if (request.session?.customerId === customer.id) clearSessionCookie(reply, deps.cookie);
      reply.flash('success', translate(views, request, 'reset.done'));
      return reply.redirect('/login', 303);
    },
  );
}
