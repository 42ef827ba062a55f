import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CoreRouteDeps } from './index.ts';
import { Account, Customer } from '../../accounts/entities.ts';
import { hashPassword, verifyPassword } from '../passwords.ts';
import { identityWords, newPasswordProblem } from '../new-password.ts';
import { queuePasswordChanged } from '../password-notice.ts';
import { requireCustomer } from '../session-hook.ts';
import { translate } from '../translate.ts';

/** Wrong current passwords per customer before the form stops checking for a while. */
export const CHANGE_FAILURE_WINDOW_MIN = 15;
export const CHANGE_FAILURE_LIMIT = 5;

const changeBody = {
  type: 'object',
  properties: {
    current: { type: 'string', maxLength: 1024 },
    password: { type: 'string', maxLength: 1024 },
    confirm: { type: 'string', maxLength: 1024 },
    _csrf: { type: 'string' },
  },
} as const;

type Query = { first?: string };

/**
 * Changing the password while signed in. On first access with a provider-issued key the current
 * password is not asked (the key just proved it); any other time it is, so an unattended
 * session cannot be turned into a stolen account.
 */
export async function changePasswordRoutes(app: FastifyInstance, deps: CoreRouteDeps): Promise<void> {
  const { audit, sessions, views, mail, links } = deps.services;
  const form = (reply: FastifyReply, first: boolean, errors: Record<string, string> = {}, status = 200) =>
    reply.page(
      'account-password',
      { first, errors, action: first ? '/account/password?first=1' : '/account/password' },
      { title: first ? 'changePassword.firstTitle' : 'changePassword.title', section: 'profile', status },
    );
  const isFirst = (query: Query, mustChange: boolean) => query.first === '1' && mustChange;

  app.get<{ Querystring: Query }>('/account/password', { preHandler: requireCustomer }, async (request, reply) =>
    form(reply, isFirst(request.query, request.customer!.mustChangePassword)));

  app.post<{ Querystring: Query }>(
    '/account/password',
    {
      preHandler: requireCustomer,
      schema: { body: changeBody },
      attachValidation: true,
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const me = request.customer!;
      const first = isFirst(request.query, me.mustChangePassword);
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (request.validationError) return form(reply, first, { password: 'passwordForm.missing' }, 400);
      const subject = String(me.id);
      if ((await audit.recentFailures(request.em, 'password.change', subject, CHANGE_FAILURE_WINDOW_MIN)) >= CHANGE_FAILURE_LIMIT) {
        audit.record(request, { action: 'password.change', outcome: 'denied', subject, details: { reason: 'throttled' } });
        await request.em.flush();
        return form(reply, first, { current: 'changePassword.throttled' }, 429);
      }

      const customer = await request.em.findOneOrFail(Customer, { id: me.id });
      const current = typeof body.current === 'string' ? body.current : '';
      if (!first && !(await verifyPassword(customer.passwordHash, current))) {
        audit.record(request, { action: 'password.change', outcome: 'failure', subject, details: { reason: 'current' } });
        await request.em.flush();
        return form(reply, first, { current: 'changePassword.wrongCurrent' }, 400);
      }
      const accounts = await request.em.find(Account, { customerId: me.id });
      const context = identityWords({
        accountNumbers: accounts.map((a) => a.number),
        documentNumbers: accounts.map((a) => a.documentNumber),
        email: customer.email,
      });
      const problem = newPasswordProblem(body.password, body.confirm, context);
      if (problem) return form(reply, first, { password: problem }, 400);
      const password = body.password as string;
      const unchanged = first ? await verifyPassword(customer.passwordHash, password) : password === current;
      if (unchanged) return form(reply, first, { password: 'changePassword.sameAsOld' }, 400);

      const passwordHash = await hashPassword(password);
      await request.em.transactional(async (tx) => {
        const c = await tx.findOneOrFail(Customer, { id: me.id });
        c.passwordHash = passwordHash;
        c.mustChangePassword = false;
        audit.recordWith(tx, request.tenant.id, { action: 'password.change', outcome: 'success', subject, details: { first } }, request);
        await queuePasswordChanged({ mail, links }, tx, request, c);
        await tx.flush();
      });
      // Whoever else knew the old password is signed out; this browser stays in.
      const ended = await sessions.destroyForCustomer(request.tenant.id, me.id, request.session!.idHash);
      reply.flash('success', translate(views, request, ended > 0 ? 'changePassword.doneEnded' : 'changePassword.done', { count: ended }));
      return reply.redirect(first ? '/dashboard' : '/account/profile', 303);
    },
  );
}
