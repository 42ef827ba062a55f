import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditLog, AuditRecord } from '../auth/audit.ts';
import { pendingStep } from './staff-session.ts';

const PASSWORD_PAGE = '/staff/account/password';

/** Records an operator's action on `em`'s next flush: request.em, or the transaction the change is written in. */
export type StaffAudit = (request: FastifyRequest, record: Omit<AuditRecord, 'actorType' | 'actorId'>, em?: EntityManager) => void;

export interface StaffGuards {
  /** A fully signed-in operator (password and, where needed, TOTP), who has no password to change first. */
  requireStaff(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
  requirePermission(id: string): (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  audit: StaffAudit;
}

export function staffGuards(audit: AuditLog): StaffGuards {
  const staffAudit: StaffAudit = (request, record, em = request.em) =>
    audit.recordWith(em, request.tenant.id, { ...record, actorType: 'staff', actorId: request.staff?.id ?? request.staffSession?.staffUserId ?? null }, request);

  async function requireStaff(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const staff = request.staff;
    if (staff) {
      if (staff.mustChangePassword && request.url.split('?')[0] !== PASSWORD_PAGE) return reply.redirect(PASSWORD_PAGE, 303);
      return;
    }
    if (request.staffSession) return reply.redirect(pendingStep(request.staffSession.stage), 303);
    const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
    return reply.redirect(`/staff/login${next}`, 303);
  }

  function requirePermission(id: string) {
    return async function permissionGuard(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
      await requireStaff(request, reply);
      if (reply.sent) return reply;
      if (request.staff!.permissions.has(id)) return;
      staffAudit(request, {
        action: 'staff.denied',
        outcome: 'denied',
        subject: id,
        details: { method: request.method, path: request.url.split('?')[0] },
      });
      await request.em.flush();
      return reply.staffPage('staff/forbidden', { permission: id }, { title: 'staff.forbidden.title', status: 403 });
    };
  }

  return { requireStaff, requirePermission, audit: staffAudit };
}
