import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRole } from '../plugins/define-plugin.ts';
import type { StaffSessionStore } from './staff-session-store.ts';
import type { PermissionRegistry } from './permissions.ts';
import type { CurrentStaff, StaffStage } from './request-types.ts';
import { StaffUser, type StaffUserRow } from './entities.ts';
import { bindCsrf } from '../http/csrf-guard.ts';

export interface StaffCookie {
  name: string;
  secure: boolean;
}

/**
 * Its own name, so a customer cookie never opens the back office nor the reverse. Over HTTPS the
 * `__Host-` prefix pins it to this exact host (no sibling subdomain can plant one), which requires
 * `Path=/`; SameSite=Strict because nobody needs to arrive at the back office already signed in
 * from another site.
 */
export function staffCookie(secure: boolean): StaffCookie {
  return { name: secure ? '__Host-staff' : 'staff_sid', secure };
}

export interface StaffSessionDeps {
  store: StaffSessionStore;
  cookie: StaffCookie;
  permissions: PermissionRegistry;
}

/** Administrators always; anyone else when an administrator or `portal staff create` asked for it. */
export function needsTotp(user: { role: string; totpRequired: boolean }): boolean {
  return user.role === 'administrator' || user.totpRequired;
}

/**
 * onRequest of the /staff scope. The customer signed in on this browser, if any, is set aside:
 * nothing done here may act as, or be attributed to, them.
 */
export function loadStaff(deps: StaffSessionDeps) {
  return async function (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.customer = null;
    request.session = null;
    bindCsrf(request, null);
    const id = request.cookies?.[deps.cookie.name];
    if (!id) return;
    const row = await deps.store.find(request.tenant.id, id);
    const user = row ? await request.em.findOne(StaffUser, { id: row.staffUserId, lockedAt: null }) : null;
    if (!row || !user) {
      if (row) await deps.store.destroy(request.tenant.id, row.idHash);
      clearStaffCookie(reply, deps.cookie);
      return;
    }
    // A full session of someone who must have TOTP but lost it (reset meanwhile) enrols again.
    if (row.stage === 'full' && needsTotp(user) && !user.totpEnabledAt) row.stage = 'enrol';
    request.staffSession = row;
    bindCsrf(request, 'staff', id);
    if (row.stage === 'full') request.staff = currentStaff(request, user, deps.permissions);
    await deps.store.touch(row);
  };
}

function currentStaff(request: FastifyRequest, user: StaffUserRow, permissions: PermissionRegistry): CurrentStaff {
  const role = user.role as StaffRole;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role,
    permissions: permissions.forRole(request.tenant, role),
    totpEnabled: Boolean(user.totpEnabledAt),
    mustChangePassword: user.mustChangePassword,
  };
}

/** A new id at every step of the login (no fixation, no reuse of a half-authenticated id). */
export async function startStaffSession(request: FastifyRequest, reply: FastifyReply, deps: StaffSessionDeps, staffUserId: number, stage: StaffStage): Promise<void> {
  if (request.staffSession) await deps.store.destroy(request.tenant.id, request.staffSession.idHash);
  const id = await deps.store.create(request.tenant.id, staffUserId, stage, { ip: request.ip, userAgent: request.headers['user-agent'] });
  bindCsrf(request, 'staff', id);
  reply.setCookie(deps.cookie.name, id, {
    path: '/',
    httpOnly: true,
    secure: deps.cookie.secure,
    sameSite: 'strict',
    maxAge: deps.store.timeouts.absoluteHours * 3600,
  });
}

export async function endStaffSession(request: FastifyRequest, reply: FastifyReply, deps: StaffSessionDeps): Promise<void> {
  if (request.staffSession) await deps.store.destroy(request.tenant.id, request.staffSession.idHash);
  bindCsrf(request, null);
  clearStaffCookie(reply, deps.cookie);
}

/** Where a login halfway through continues. */
export function pendingStep(stage: StaffStage | undefined): string {
  if (stage === 'totp') return '/staff/login/totp';
  if (stage === 'enrol') return '/staff/totp/enrol';
  return '/staff/login';
}

/** A deletion repeats the cookie's attributes: browsers ignore a `__Host-` deletion without Secure. */
function clearStaffCookie(reply: FastifyReply, cookie: StaffCookie): void {
  reply.clearCookie(cookie.name, { path: '/', httpOnly: true, secure: cookie.secure, sameSite: 'strict' });
}
