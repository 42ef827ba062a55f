import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRouteDeps } from '../staff-module.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { translate } from '../../auth/translate.ts';
import { StaffUser } from '../entities.ts';
import { endStaffSession, needsTotp, pendingStep, startStaffSession } from '../staff-session.ts';
import { normaliseEmail } from '../staff-users.ts';
import { safeStaffNext } from '../safe-staff-next.ts';
import { matchTotp } from '../totp.ts';
import { totpOwner } from '../totp-secret.ts';
import { claimTotpStep } from '../totp-step.ts';
import { LoginThrottle, type LoginBlock } from '../../auth/login-throttle.ts';
import { queueStaffLoginLocked } from '../staff-lock-notice.ts';

/** Wrong codes per operator (who already gave the password) slow that operator down for the rest of the window. */
export const STAFF_FAILURE_WINDOW_MIN = 15;
export const STAFF_FAILURE_LIMIT = 5;
const blockMessage: Record<LoginBlock, string> = {
  'account-address': 'staff.login.throttled',
  address: 'staff.login.throttledAddress',
  locked: 'staff.login.locked',
};
/** Per address, on top of the per-operator limit; an office behind one NAT still fits. */
const PER_IP = { max: 20, timeWindow: '1 minute' };

const loginBody = {
  type: 'object',
  required: ['email', 'password'],
  properties: {
    email: { type: 'string', minLength: 1, maxLength: 255 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
    next: { type: 'string', maxLength: 500 },
    _csrf: { type: 'string' },
  },
} as const;

const codeBody = {
  type: 'object',
  required: ['code'],
  properties: { code: { type: 'string', minLength: 1, maxLength: 16 }, next: { type: 'string', maxLength: 500 }, _csrf: { type: 'string' } },
} as const;

/**
 * Password, then the TOTP code (or TOTP enrolment when it is required and missing). Each step
 * gets a new session id; only the last one makes `request.staff`. Every attempt is audited with
 * actor type `staff`, which is also what the per-operator throttle counts.
 */
export async function staffLoginRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  const { audit, metrics } = deps.services;
  const throttle = new LoginThrottle(audit, deps.lockoutAddresses, metrics.logins);

  const loginPage = (reply: FastifyReply, data: Record<string, unknown>, status = 200) =>
    reply.staffPage('staff/login', data, { title: 'staff.login.title', status });

  app.get<{ Querystring: { next?: string } }>('/login', { config: { csrf: 'visitor' } }, async (request, reply) => {
    if (request.staff) return reply.redirect('/staff');
    return loginPage(reply, { next: safeStaffNext(request.query.next), values: {} });
  });

  app.post<{ Body: { email: string; password: string; next?: string } }>(
    '/login',
    { schema: { body: loginBody }, attachValidation: true, config: { rateLimit: PER_IP, csrf: 'visitor' } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Partial<{ email: string; password: string; next: string }>;
      const next = safeStaffNext(body.next);
      const email = normaliseEmail(String(body.email ?? ''));
      const again = (error: string, status: number) => loginPage(reply, { next, error, values: { email } }, status);
      if (request.validationError) return again('staff.login.missingFields', 400);

      const attempt = { action: 'staff.login', subject: email, ip: request.ip };
      const block = await throttle.blocked(request.em, attempt);
      if (block) {
        throttle.refused(request.tenant.id, attempt, block);
        audit.record(request, { action: 'staff.login', outcome: 'denied', subject: email, actorType: 'anonymous', details: { reason: block === 'locked' ? 'locked-out' : 'throttled', by: block } });
        await request.em.flush();
        return again(blockMessage[block], 429);
      }
      const user = await request.em.findOne(StaffUser, { email });
      const ok = await verifyPassword(user?.passwordHash, body.password ?? '');
      if (!user || !ok || user.lockedAt) {
        const reason = !user ? 'unknown' : user.lockedAt ? 'locked' : 'password';
        audit.record(request, { action: 'staff.login', outcome: 'failure', subject: email, actorType: user ? 'staff' : 'anonymous', actorId: user?.id ?? null, details: { reason } });
        await request.em.flush();
        await throttle.lockIfSpread(request.em, request.tenant.id, attempt, async (tx) => {
          if (user) await queueStaffLoginLocked(deps.services, tx, request, user);
        });
        return again('staff.login.invalid', 401);
      }
      const stage = user.totpEnabledAt ? 'totp' : needsTotp(user) ? 'enrol' : 'full';
      if (stage === 'full') user.lastLoginAt = new Date();
      audit.record(request, { action: 'staff.login', outcome: 'success', subject: email, actorType: 'staff', actorId: user.id, details: { next: stage } });
      await request.em.flush();
      await deps.session.store.purgeExpired(request.tenant.id);
      await startStaffSession(request, reply, deps.session, user.id, stage);
      const query = next ? `?next=${encodeURIComponent(next)}` : '';
      return reply.redirect(stage === 'full' ? next ?? '/staff' : `${pendingStep(stage)}${query}`, 303);
    },
  );

  app.get<{ Querystring: { next?: string } }>('/login/totp', async (request, reply) => {
    if (request.staffSession?.stage !== 'totp') return reply.redirect(request.staff ? '/staff' : '/staff/login');
    return reply.staffPage('staff/login-totp', { next: safeStaffNext(request.query.next) }, { title: 'staff.totp.title' });
  });

  app.post<{ Body: { code: string; next?: string } }>(
    '/login/totp',
    { schema: { body: codeBody }, attachValidation: true, config: { rateLimit: PER_IP } },
    async (request, reply) => {
      const session = request.staffSession;
      if (session?.stage !== 'totp') return reply.redirect('/staff/login', 303);
      const body = (request.body ?? {}) as Partial<{ code: string; next: string }>;
      const next = safeStaffNext(body.next);
      const user = await request.em.findOneOrFail(StaffUser, { id: session.staffUserId });
      const refuse = (error: string, status: number) =>
        reply.staffPage('staff/login-totp', { next, error }, { title: 'staff.totp.title', status });

      const failures = await audit.recentFailures(request.em, 'staff.login.totp', user.email, STAFF_FAILURE_WINDOW_MIN);
      if (failures >= STAFF_FAILURE_LIMIT) {
        audit.record(request, { action: 'staff.login.totp', outcome: 'denied', subject: user.email, actorType: 'staff', actorId: user.id, details: { reason: 'throttled' } });
        await request.em.flush();
        await endStaffSession(request, reply, deps.session);
        return loginPage(reply, { values: { email: user.email }, error: 'staff.totp.throttled' }, 429);
      }
      const secret = deps.sealer.open(user.totpSecret, totpOwner(request.tenant.id, user.id));
      const step = secret ? matchTotp(secret, String(body.code ?? ''), user.totpLastStep ?? null) : null;
      if (step === null || !(await claimTotpStep(request, user.id, step))) {
        audit.record(request, { action: 'staff.login.totp', outcome: 'failure', subject: user.email, actorType: 'staff', actorId: user.id, details: { reason: secret ? 'code' : 'unreadable-secret' } });
        await request.em.flush();
        return refuse('staff.totp.invalid', 401);
      }
      user.lastLoginAt = new Date();
      audit.record(request, { action: 'staff.login.totp', outcome: 'success', subject: user.email, actorType: 'staff', actorId: user.id });
      await request.em.flush();
      await startStaffSession(request, reply, deps.session, user.id, 'full');
      return reply.redirect(next ?? '/staff', 303);
    },
  );

  app.post('/logout', async (request: FastifyRequest, reply) => {
    if (request.staffSession) {
      deps.guards.audit(request, { action: 'staff.logout', outcome: 'success', subject: String(request.staffSession.staffUserId) });
      await request.em.flush();
    }
    await endStaffSession(request, reply, deps.session);
    reply.flash('info', translate(deps.services.views, request, 'staff.login.loggedOut'));
    return reply.redirect('/staff/login', 303);
  });
}
