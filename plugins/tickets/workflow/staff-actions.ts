import type { TicketRow } from '../entities.ts';
import { insertAssignEvent, insertMessage, insertStatusEvent, type Actor } from '../data/write.ts';
import { assignTicket, changeStatus } from '../data/transitions.ts';
import { loadParties } from '../notify/parties.ts';
import { mailCustomer } from '../notify/to-customer.ts';
import type { Work } from './work.ts';

export interface Operator {
  id: number;
  name: string;
}

const actorOf = (staff: Operator): Actor => ({ type: 'staff', id: staff.id });

/** The provider's answer: the ticket now waits for the customer, who is mailed the reply. */
export async function staffReply(w: Work, ticket: TicketRow, staff: Operator, body: string): Promise<'ok' | 'closed'> {
  const { em, tenant } = w;
  const from = await changeStatus(em, tenant.id, ticket.id, 'answered', { from: ['open', 'answered'] });
  if (from === null) return 'closed';
  await insertMessage(em, { tenantId: tenant.id, ticketId: ticket.id, kind: 'staff', author: actorOf(staff), body });
  if (from !== 'answered') await insertStatusEvent(em, { tenantId: tenant.id, ticketId: ticket.id, from, to: 'answered', actor: actorOf(staff) });
  await mailCustomer(w, await loadParties(em, tenant, ticket.id), { kind: 'reply', body, staffName: staff.name });
  return 'ok';
}

/** For the provider's eyes only: no status change, no email, nothing the customer's activity date shows. */
export async function staffNote(w: Work, ticket: TicketRow, staff: Operator, body: string): Promise<void> {
  await insertMessage(w.em, { tenantId: w.tenant.id, ticketId: ticket.id, kind: 'note', author: actorOf(staff), body });
}

/**
 * Closes the ticket and tells the customer. The job closes only tickets still waiting for the
 * customer since before `answeredBefore`, so a reply that arrives meanwhile keeps it open.
 */
export async function closeTicket(w: Work, ticket: Pick<TicketRow, 'id'>, actor: Actor, auto?: { answeredBefore: Date }): Promise<boolean> {
  const { em, tenant } = w;
  const from = await changeStatus(em, tenant.id, ticket.id, 'closed', auto ? { from: ['answered'], answeredBefore: auto.answeredBefore } : { from: ['open', 'answered'] });
  if (from === null) return false;
  await insertStatusEvent(em, { tenantId: tenant.id, ticketId: ticket.id, from, to: 'closed', actor });
  await mailCustomer(w, await loadParties(em, tenant, ticket.id), { kind: 'closed', auto: Boolean(auto), closedAt: new Date() });
  return true;
}

/** An operator takes a closed ticket up again (a reply usually follows, and that is what the customer is mailed). */
export async function staffReopen(w: Work, ticket: TicketRow, staff: Operator): Promise<boolean> {
  const from = await changeStatus(w.em, w.tenant.id, ticket.id, 'open', { from: ['closed'] });
  if (from === null) return false;
  await insertStatusEvent(w.em, { tenantId: w.tenant.id, ticketId: ticket.id, from, to: 'open', actor: actorOf(staff) });
  return true;
}

export async function assign(w: Work, ticket: TicketRow, staff: Operator, assigneeId: number | null): Promise<boolean> {
  if (!(await assignTicket(w.em, w.tenant.id, ticket.id, assigneeId))) return false;
  await insertAssignEvent(w.em, { tenantId: w.tenant.id, ticketId: ticket.id, assignedTo: assigneeId, actor: actorOf(staff) });
  return true;
}
