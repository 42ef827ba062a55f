import type { FastifyRequest } from 'fastify';
import type { AuditRecord, StaffRoutesContext } from 'portal/sdk';
import type { Actor } from './add-event.ts';

/**
 * Who moves a request on: an operator in the back office or the provider's system through an API
 * key. decide() records it in the history, the audit trail and decided_by without knowing which.
 */
export interface Decider {
  /** The operator; null when a key decides (decided_by points at staff, so it stays empty then). */
  staff: { id: number; name: string } | null;
  /** Who the history line names. */
  actor: Actor;
  /** An audit entry with the decider as actor, written on the next flush of the request's em. */
  audit(record: Omit<AuditRecord, 'actorType' | 'actorId'>): void;
}

export function staffDecider(request: FastifyRequest, ctx: StaffRoutesContext): Decider {
  const staff = request.staff!;
  return {
    staff: { id: staff.id, name: staff.name },
    actor: { type: 'staff', id: staff.id },
    audit: (record) => ctx.audit(request, record),
  };
}
