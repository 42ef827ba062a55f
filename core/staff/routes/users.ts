import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRouteDeps } from '../staff-module.ts';
import { STAFF_ROLES } from '../../plugins/define-plugin.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { translate } from '../../auth/translate.ts';
import { StaffUser, type StaffUserRow } from '../entities.ts';
import { createStaffUser, oneTimePassword, StaffUserError } from '../staff-users.ts';
import { needsTotp } from '../staff-session.ts';

const newUserBody = {
  type: 'object',
  required: ['email', 'name', 'role'],
  properties: {
    email: { type: 'string', maxLength: 255 },
    name: { type: 'string', maxLength: 255 },
    role: { type: 'string', maxLength: 16 },
    totpRequired: { type: 'string' },
    _csrf: { type: 'string' },
  },
} as const;

const roleBody = {
  type: 'object',
  required: ['role'],
  properties: { role: { type: 'string', maxLength: 16 }, _csrf: { type: 'string' } },
} as const;

/**
 * Administrators manage the tenant's operators: create (a one-time password shown once), change
 * role, lock, reset TOTP or password. Nobody can lock or demote themselves, so a tenant is never
 * left without an administrator by accident.
 */
export async function staffUserRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  const manage = deps.guards.requirePermission('staff.manage');
  const { views } = deps.services;
  const { audit } = deps.guards;
  const t = (request: FastifyRequest, key: string, params?: Record<string, unknown>) => translate(views, request, key, params);
  const roles = (request: FastifyRequest, current?: string) =>
    STAFF_ROLES.map((value) => ({ value, label: t(request, `staff.role.${value}`), selected: value === current }));

  const findUser = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const id = Number(request.params.id);
    return Number.isSafeInteger(id) ? request.em.findOne(StaffUser, { id }) : null;
  };

  /** The password is in this response only; no-store keeps it out of caches and history. */
  const showPassword = (request: FastifyRequest, reply: FastifyReply, user: StaffUserRow, password: string, created: boolean) =>
    reply.staffPage(
      'staff/user-password',
      { user: { id: user.id, name: user.name, email: user.email }, password, created, loginUrl: deps.services.links.absolute(request.tenant, '/staff/login', request.brand) },
      { title: created ? 'staff.users.createdTitle' : 'staff.users.passwordResetTitle', section: 'users' },
    );

  app.get('/users', { preHandler: manage }, async (request, reply) => {
    const users = await request.em.find(StaffUser, {}, { orderBy: { name: 'asc' } });
    return reply.staffPage(
      'staff/users',
      {
        users: users.map((u) => ({
          id: u.id,
          name: u.name,
          email: u.email,
          roleLabel: t(request, `staff.role.${u.role}`),
          totp: Boolean(u.totpEnabledAt),
          totpMissing: needsTotp(u) && !u.totpEnabledAt,
          locked: Boolean(u.lockedAt),
          lastLoginAt: u.lastLoginAt,
          self: u.id === request.staff!.id,
        })),
      },
      { title: 'staff.users.title', section: 'users' },
    );
  });

  const newForm = (request: FastifyRequest, reply: FastifyReply, values: Record<string, unknown>, error?: string) =>
    reply.staffPage('staff/user-new', { values, roles: roles(request, values.role as string), error }, { title: 'staff.users.newTitle', section: 'users', status: error ? 400 : 200 });

  app.get('/users/new', { preHandler: manage }, async (request, reply) => newForm(request, reply, { role: 'support', totpRequired: true }));

  app.post<{ Body: { email: string; name: string; role: string; totpRequired?: string } }>(
    '/users',
    { preHandler: manage, schema: { body: newUserBody }, attachValidation: true },
    async (request, reply) => {
      const body = (request.body ?? {}) as Partial<{ email: string; name: string; role: string; totpRequired: string }>;
      const values = { email: body.email ?? '', name: body.name ?? '', role: body.role ?? '', totpRequired: body.totpRequired === 'on' };
      if (request.validationError) return newForm(request, reply, values, 'staff.users.error.missing');
      try {
        const { user, oneTimePassword: password } = await createStaffUser(request.em, request.tenant.id, {
          email: values.email,
          name: values.name,
          role: values.role,
          totpRequired: values.totpRequired,
        });
        audit(request, { action: 'staff.created', outcome: 'success', subject: user.email, details: { staffUserId: user.id, role: user.role } });
        await request.em.flush();
        return showPassword(request, reply, user, password!, true);
      } catch (err) {
        if (err instanceof StaffUserError) return newForm(request, reply, values, err.key);
        throw err;
      }
    },
  );

  app.get<{ Params: { id: string } }>('/users/:id', { preHandler: manage }, async (request, reply) => {
    const user = await findUser(request);
    if (!user) return reply.callNotFound();
    return reply.staffPage(
      'staff/user',
      {
        user: {
          id: user.id,
          name: user.name,
          email: user.email,
          roleLabel: t(request, `staff.role.${user.role}`),
          totp: Boolean(user.totpEnabledAt),
          totpRequired: needsTotp(user),
          locked: Boolean(user.lockedAt),
          lockedAt: user.lockedAt,
          lastLoginAt: user.lastLoginAt,
          createdAt: user.createdAt,
          mustChangePassword: user.mustChangePassword,
        },
        roles: roles(request, user.role),
        self: user.id === request.staff!.id,
      },
      { title: 'staff.users.userTitle', titleParams: { name: user.name }, section: 'users' },
    );
  });

  /** Shared by the actions below: 404 for another tenant's id, refusal for one's own account. */
  const action = (path: string, run: (request: FastifyRequest<{ Params: { id: string }; Body: unknown }>, reply: FastifyReply, user: StaffUserRow) => Promise<unknown>, schema?: object) =>
    app.post<{ Params: { id: string }; Body: unknown }>(`/users/:id/${path}`, { preHandler: manage, schema: schema ? { body: schema } : undefined }, async (request, reply) => {
      const user = await findUser(request);
      if (!user) return reply.callNotFound();
      if (user.id === request.staff!.id) {
        reply.flash('error', t(request, 'staff.users.notSelf'));
        return reply.redirect(`/staff/users/${user.id}`, 303);
      }
      return run(request, reply, user);
    });

  action('role', async (request, reply, user) => {
    const role = String((request.body as { role?: string } | undefined)?.role ?? '');
    if (!STAFF_ROLES.includes(role as never)) return reply.staffPage('staff/error', { messageKey: 'errors.badRequest', requestId: request.id }, { title: 'errors.title', status: 400 });
    if (role !== user.role) {
      audit(request, { action: 'staff.role-changed', outcome: 'success', subject: user.email, details: { staffUserId: user.id, from: user.role, to: role } });
      user.role = role;
      await request.em.flush();
    }
    reply.flash('success', t(request, 'staff.users.roleChanged'));
    return reply.redirect(`/staff/users/${user.id}`, 303);
  }, roleBody);

  action('lock', async (request, reply, user) => {
    if (!user.lockedAt) {
      user.lockedAt = new Date();
      const ended = await deps.session.store.destroyForUser(request.tenant.id, user.id);
      audit(request, { action: 'staff.locked', outcome: 'success', subject: user.email, details: { staffUserId: user.id, sessionsEnded: ended } });
      await request.em.flush();
    }
    reply.flash('success', t(request, 'staff.users.lockedDone'));
    return reply.redirect(`/staff/users/${user.id}`, 303);
  });

  action('unlock', async (request, reply, user) => {
    if (user.lockedAt) {
      user.lockedAt = null;
      audit(request, { action: 'staff.unlocked', outcome: 'success', subject: user.email, details: { staffUserId: user.id } });
      await request.em.flush();
    }
    reply.flash('success', t(request, 'staff.users.unlockedDone'));
    return reply.redirect(`/staff/users/${user.id}`, 303);
  });

  // A lost phone: the operator sets TOTP up again at the next login, whatever their role.
  action('reset-totp', async (request, reply, user) => {
    user.totpSecret = null;
    user.totpEnabledAt = null;
    user.totpLastStep = null;
    user.totpRequired = true;
    const ended = await deps.session.store.destroyForUser(request.tenant.id, user.id);
    audit(request, { action: 'staff.totp-reset', outcome: 'success', subject: user.email, details: { staffUserId: user.id, sessionsEnded: ended } });
    await request.em.flush();
    reply.flash('success', t(request, 'staff.users.totpResetDone'));
    return reply.redirect(`/staff/users/${user.id}`, 303);
  });

  action('reset-password', async (request, reply, user) => {
    const password = oneTimePassword();
    user.passwordHash = await hashPassword(password);
    user.mustChangePassword = true;
    const ended = await deps.session.store.destroyForUser(request.tenant.id, user.id);
    audit(request, { action: 'staff.password-reset', outcome: 'success', subject: user.email, details: { staffUserId: user.id, sessionsEnded: ended } });
    await request.em.flush();
    return showPassword(request, reply, user, password, false);
  });
}
