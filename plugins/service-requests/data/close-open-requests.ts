import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant } from 'portal/sdk';
import { ServiceRequest } from '../entities.ts';
import { OPEN_STATUSES, transition } from '../domain/states.ts';
import { addEvent } from './add-event.ts';
import { notifyCustomer } from './notify.ts';

/**
 * Rejects the account's other open requests, with a note each filer is emailed, in the caller's
 * transaction. Used when the account changes holder: a cancellation the old holder asked for must
 * not be applied later to the new holder's service. Returns the ids closed.
 */
export async function closeOpenRequests(
  em: EntityManager,
  portal: PortalServices,
  tenant: Tenant,
  input: { accountId: number; exceptId: number; staffId: number | null; note: string },
): Promise<number[]> {
  const open = await em.find(ServiceRequest, { accountId: input.accountId, id: { $ne: input.exceptId }, status: { $in: [...OPEN_STATUSES] } });
  const step = transition('reject');
  for (const row of open) {
    row.status = step.to;
    row.decidedAt = new Date();
    row.decidedBy = input.staffId;
    row.decisionNote = input.note;
    await addEvent(em, tenant.id, row.id, { type: 'system', id: null }, step.kind, step.to, input.note);
    await notifyCustomer(em, portal, tenant, row, step.kind, input.note);
  }
  return open.map((r) => r.id);
}
