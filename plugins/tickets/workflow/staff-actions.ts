import type { TicketRow } from '../entities.ts';
import { insertAssignEvent, insertMessage, insertStatusEvent, type Actor, type ApiAuthor } from '../data/write.ts';
import { assignTicket, changeStatus } from '../data/transitions.ts';
import { loadParties } from '../notify/parties.ts';
import { mailCustomer } from '../notify/to-customer.ts';
import type { Work } from './work.ts';
import { TICKET_REPLIED, type TicketRepliedPayload } from './bus-events.ts';

export interface Operator {
  id: number;
  name: string;
}

/** The provider's own system answering through the API: no operator is behind it. */
export interface ProviderSystem {
  api: ApiAuthor;
}

/** The team as a whole, as the demo's unsigned replies: no operator's name in the history. */
export const PROVIDER_TEAM: Actor = { type: 'staff', id: null };

const actorOf = (staff: Operator): Actor => ({ type: 'staff', id: staff.id });

/** The provider's answer: the ticket now waits for the customer, who is mailed the reply. */
export async function staffReply(w: Work, ticket: TicketRow, by: Operator | ProviderSystem, body: string): Promise<'ok' | 'closed'> {
  const { em, tenant } = w;
  const { actor, name, api } = 'api' in by ? { actor: PROVIDER_TEAM, name: by.api.name, api: by.api } : { actor: actorOf(by), name: by.name, api: undefined };
  const from = await changeStatus(em, tenant.id, ticket.id, 'answered', { from: ['open', 'answered'] });
  if (from === null) return 'closed';
  const messageId = await insertMessage(em, { tenantId: tenant.id, ticketId: ticket.id, kind: 'staff', author: actor, body, api });
  if (from !== 'answered') await insertStatusEvent(em, { tenantId: tenant.id, ticketId: ticket.id, from, to: 'answered', actor });
  await mailCustomer(w, await loadParties(em, tenant, ticket.id), { kind: 'reply', body, staffName: name });
  // The provider's system knows what it sent itself; echoing it back would only invite loops.
  if (!api) {
    const event: TicketRepliedPayload = { ticketId: ticket.id, number: ticket.number, messageId, by: 'staff', reopened: false };
    await w.portal.events.emit(tenant, em, TICKET_REPLIED, event);
  }
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
