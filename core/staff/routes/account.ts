import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRouteDeps } from '../staff-module.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../../auth/passwords.ts';
import { translate } from '../../auth/translate.ts';
import { StaffUser } from '../entities.ts';
import { startStaffSession } from '../staff-session.ts';

const passwordBody = {
  type: 'object',
  required: ['current', 'password', 'confirm'],
  properties: {
    current: { type: 'string', minLength: 1, maxLength: 1024 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
    confirm: { type: 'string', minLength: 1, maxLength: 1024 },
    _csrf: { type: 'string' },
  },
} as const;

/** The operator's own page: role, what it allows, TOTP status, password change. */
export async function staffAccountRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  const { requireStaff } = deps.guards;
  const { views } = deps.services;

  app.get('/account', { preHandler: requireStaff }, async (request, reply) => {
    const staff = request.staff!;
    const catalog = views.catalogFor(request.tenant);
    const label = (p: { label: string; plugin?: string }) =>
      p.plugin && catalog.has(request.locale, `${p.plugin}.${p.label}`) ? catalog.t(request.locale, `${p.plugin}.${p.label}`) : catalog.t(request.locale, p.label);
    const permissions = deps.permissions.known(request.tenant).filter((p) => staff.permissions.has(p.id)).map((p) => ({ id: p.id, label: label(p) }));
    return reply.staffPage('staff/account', { permissions, totpEnabled: staff.totpEnabled }, { title: 'staff.account.title', section: 'account' });
  });

  const passwordPage = (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) =>
    reply.staffPage('staff/account-password', { forced: request.staff!.mustChangePassword, ...extra }, { title: 'staff.password.title', section: 'account', status });

  app.get('/account/password', { preHandler: requireStaff }, async (request, reply) => passwordPage(request, reply));

  app.post<{ Body: { current: string; password: string; confirm: string } }>(
    '/account/password',
    { preHandler: requireStaff, schema: { body: passwordBody }, attachValidation: true, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      if (request.validationError) return passwordPage(request, reply, { error: 'staff.password.missingFields' }, 400);
      const { current, password, confirm } = request.body;
      const user = await request.em.findOneOrFail(StaffUser, { id: request.staff!.id });
      if (!(await verifyPassword(user.passwordHash, current))) {
        deps.guards.audit(request, { action: 'staff.password-change', outcome: 'failure', subject: user.email, details: { reason: 'current' } });
        await request.em.flush();
        return passwordPage(request, reply, { error: 'staff.password.wrongCurrent' }, 400);
      }
      const problem = password !== confirm ? 'staff.password.mismatch' : password === current ? 'staff.password.same' : passwordProblem(password, [user.email, user.name]);
      if (problem) return passwordPage(request, reply, { error: problem }, 400);
      user.passwordHash = await hashPassword(password);
      user.mustChangePassword = false;
      deps.guards.audit(request, { action: 'staff.password-change', outcome: 'success', subject: user.email });
      await request.em.flush();
      // Any other session that knew the old password ends; this one continues under a new id.
      await deps.session.store.destroyForUser(request.tenant.id, user.id);
      request.staffSession = null;
      await startStaffSession(request, reply, deps.session, user.id, 'full');
      reply.flash('success', translate(views, request, 'staff.password.changed'));
      return reply.redirect('/staff', 303);
    },
  );
}
