import type { FastifyInstance } from 'fastify';
import type { CoreRouteDeps } from './index.ts';
import { findCustomerByIdentifier } from '../find-customer.ts';
import { verifyPassword } from '../passwords.ts';
import { startSession, endSession } from '../session-hook.ts';
import { safeNext } from '../../http/safe-next.ts';
import { LoginThrottle, type LoginBlock } from '../login-throttle.ts';
import { queueLoginLocked } from '../lock-notice.ts';

const blockMessage: Record<LoginBlock, string> = {
  'account-address': 'login.throttled',
  address: 'login.throttledAddress',
  locked: 'login.locked',
};

const loginBody = {
  type: 'object',
  required: ['identifier', 'password'],
  properties: {
    identifier: { type: 'string', minLength: 1, maxLength: 255 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
    next: { type: 'string', maxLength: 500 },
    _csrf: { type: 'string' },
  },
} as const;

export async function loginRoutes(app: FastifyInstance, deps: CoreRouteDeps): Promise<void> {
  const { sessions, audit, metrics } = deps.services;
  const throttle = new LoginThrottle(audit, deps.config.loginLockout.addresses, metrics.logins);

  app.get<{ Querystring: { next?: string } }>('/login', { config: { csrf: 'visitor' } }, async (request, reply) => {
    if (request.customer) return reply.redirect('/dashboard');
    return reply.page('login', { next: safeNext(request.query.next), values: {} }, { title: 'login.title', shared: true });
  });

  app.post<{ Body: { identifier: string; password: string; next?: string } }>(
    '/login',
    {
      schema: { body: loginBody },
      attachValidation: true,
      config: { rateLimit: { max: 20, timeWindow: '1 minute' }, csrf: 'visitor' },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Partial<{ identifier: string; password: string; next: string }>;
      const next = safeNext(body.next);
      const identifier = String(body.identifier ?? '').trim();
      const again = (errorKey: string, status: number) =>
        reply.page('login', { next, error: errorKey, values: { identifier } }, { title: 'login.title', status });
      if (request.validationError) return again('login.missingFields', 400);

      const subject = identifier.toLowerCase();
      const attempt = { action: 'login', subject, ip: request.ip };
      let block = await throttle.blocked(request.em, attempt);
      if (block === 'locked') {
        const holder = await findCustomerByIdentifier(request.em, identifier);
        if (holder && (await throttle.doneSinceLock(request.em, attempt, { action: 'password.reset', subject: String(holder.id) }))) block = null;
      }
      if (block) {
        throttle.refused(request.tenant.id, attempt, block);
        audit.record(request, { action: 'login', outcome: 'denied', subject, details: { reason: block === 'locked' ? 'locked-out' : 'throttled', by: block } });
        await request.em.flush();
        return again(blockMessage[block], 429);
      }
      const customer = await findCustomerByIdentifier(request.em, identifier);
      const ok = await verifyPassword(customer?.passwordHash, body.password ?? '');
      if (!customer || !ok || customer.lockedAt) {
        audit.record(request, {
          action: 'login',
          outcome: 'failure',
          subject,
          details: { reason: !customer ? 'unknown' : customer.lockedAt ? 'locked' : 'password' },
        });
        await request.em.flush();
        // An unknown identifier locks like a real one: only its holder's email tells them apart.
        await throttle.lockIfSpread(request.em, request.tenant.id, attempt, async (tx) => {
          if (customer) await queueLoginLocked(deps.services, tx, request, customer);
        });
        return again('login.invalid', 401);
      }
      audit.record(request, { action: 'login', outcome: 'success', subject, actorType: 'customer', actorId: customer.id });
      await request.em.flush();
      await startSession(request, reply, sessions, deps.cookie, customer.id);
      return reply.redirect(customer.mustChangePassword ? '/account/password?first=1' : next ?? '/dashboard', 303);
    },
  );

  app.post('/logout', async (request, reply) => {
    if (request.customer) {
      audit.record(request, { action: 'logout', outcome: 'success', subject: String(request.customer.id) });
      await request.em.flush();
    }
    await endSession(request, reply, sessions, deps.cookie);
    reply.flash('info', deps.services.views.catalogFor(request.tenant).t(request.locale, 'login.loggedOut'));
    return reply.redirect('/login', 303);
  });
}
