import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InferEntity } from '@mikro-orm/core';
import type { CoreRouteDeps } from './index.ts';
import { Account, Customer } from '../../accounts/entities.ts';
import { findCustomerByEmail } from '../find-customer.ts';
import { hashPassword } from '../passwords.ts';
import { identityWords, newPasswordProblem } from '../new-password.ts';
import { startSession } from '../session-hook.ts';
import { consumeToken, lookupToken, retireTokens, type AuthToken } from '../tokens.ts';
import { translate } from '../translate.ts';
import { setPasswordPage, tokenFailurePage, type TokenFailure } from './token-pages.ts';

const verifyBody = {
  type: 'object',
  properties: {
    token: { type: 'string', maxLength: 100 },
    password: { type: 'string', maxLength: 1024 },
    confirm: { type: 'string', maxLength: 1024 },
    _csrf: { type: 'string' },
  },
} as const;

type Ready = { ok: true; token: AuthToken; account: InferEntity<typeof Account>; email: string };

/**
 * A verification link is good while unused and unexpired, and while its account still has no
 * login with a password: if the holder set one up meanwhile, an older link must not replace it.
 */
async function checkVerifyLink(em: EntityManager, tenantId: string, raw: unknown): Promise<Ready | { ok: false; failure: TokenFailure }> {
  const found = await lookupToken(em, tenantId, 'verify', raw);
  if (found.status !== 'valid') return { ok: false, failure: found.status };
  const { token } = found;
  const account = token.accountId ? await em.findOne(Account, { id: token.accountId }) : null;
  if (!account || !token.email) return { ok: false, failure: 'unknown' };
  const holder = account.customerId ? await em.findOne(Customer, { id: account.customerId }) : null;
  if (holder?.passwordHash) return { ok: false, failure: 'registered' };
  if (holder?.lockedAt) return { ok: false, failure: 'unknown' };
  return { ok: true, token, account, email: token.email };
}

export async function verifyRoutes(app: FastifyInstance, deps: CoreRouteDeps): Promise<void> {
  const { audit, sessions, views } = deps.services;

  app.get<{ Querystring: { token?: string } }>('/register/verify', async (request, reply) => {
    const link = await checkVerifyLink(request.em, request.tenant.id, request.query.token);
    if (!link.ok) return tokenFailurePage(reply, 'verify', link.failure);
    return setPasswordPage(reply, 'verify', { token: request.query.token!, email: link.email });
  });

  app.post(
    '/register/verify',
    {
      schema: { body: verifyBody },
      attachValidation: true,
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const raw = typeof body.token === 'string' ? body.token : '';
      const link = await checkVerifyLink(request.em, request.tenant.id, raw);
      if (!link.ok) return tokenFailurePage(reply, 'verify', link.failure);
      const { account, email } = link;

      const context = identityWords({ accountNumbers: [account.number], documentNumbers: [account.documentNumber], email });
      const problem = request.validationError ? 'passwordForm.missing' : newPasswordProblem(body.password, body.confirm, context);
      if (problem) return setPasswordPage(reply, 'verify', { token: raw, email, error: problem }, 400);
      // Hashing is slow on purpose: do it before the transaction holds a connection.
      const passwordHash = await hashPassword(body.password as string);

      const outcome = await request.em.transactional(async (tx): Promise<{ customerId: number; hadPassword: boolean } | TokenFailure> => {
        const acc = await tx.findOne(Account, { id: account.id });
        if (!acc) return 'unknown';
        const holder = acc.customerId ? await tx.findOne(Customer, { id: acc.customerId }) : null;
        if (holder?.passwordHash) return 'registered';
        const owner = await findCustomerByEmail(tx, email);
        // The account's login exists under another address that someone else already uses.
        if (holder && owner && owner.id !== holder.id) return 'emailTaken';
        const existing = holder ?? owner;
        if (existing?.lockedAt) return 'unknown';
        if (!(await consumeToken(tx, request.tenant.id, link.token.id))) return 'used';

        const customer = existing ?? tx.create(Customer, { tenantId: request.tenant.id, name: acc.holderName, email });
        const hadPassword = Boolean(existing?.passwordHash);
        customer.email = email;
        customer.passwordHash = passwordHash;
        customer.mustChangePassword = false;
        customer.emailVerifiedAt = new Date();
        customer.locale ??= request.locale;
        await tx.flush();
        acc.customerId = customer.id;
        await retireTokens(tx, request.tenant.id, 'verify', { accountId: acc.id });
        audit.recordWith(tx, request.tenant.id, {
          action: 'register.verify',
          outcome: 'success',
          subject: acc.number.toLowerCase(),
          actorType: 'customer',
          actorId: customer.id,
          details: { newLogin: !existing },
        }, request);
        await tx.flush();
        return { customerId: customer.id, hadPassword };
      });
      if (typeof outcome === 'string') return tokenFailurePage(reply, 'verify', outcome);

      // Joining an existing login replaced its password: whoever was signed in with the old one is out.
      if (outcome.hadPassword) await sessions.destroyForCustomer(request.tenant.id, outcome.customerId);
      await startSession(request, reply, sessions, deps.cookie, outcome.customerId);
      reply.flash('success', translate(views, request, 'verify.done'));
      return reply.redirect('/dashboard', 303);
    },
  );
}
