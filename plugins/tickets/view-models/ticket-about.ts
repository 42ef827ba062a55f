import type { EntityManager } from '@mikro-orm/postgresql';
import { AccountService, type CurrentCustomer } from 'portal/sdk';
import type { Translate } from '../i18n.ts';
import { serviceLabel } from './open-form.ts';

/**
 * What each row of "Mis tickets" is about: its service, and its account when the customer holds
 * more than one, so two tickets with the same subject on two accounts no longer look alike.
 * Keyed by ticket id; a ticket about no service and a one-account customer have no entry.
 */
export async function ticketsAbout(
  em: EntityManager,
  customer: Pick<CurrentCustomer, 'accounts'>,
  tickets: { id: number; accountId?: number | null; serviceId?: number | null }[],
  t: Translate,
): Promise<Map<number, string>> {
  const serviceIds = [...new Set(tickets.flatMap((tk) => (tk.serviceId ? [tk.serviceId] : [])))];
  const services = serviceIds.length ? await em.find(AccountService, { id: { $in: serviceIds } }) : [];
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const numberOf = new Map(customer.accounts.map((a) => [a.id, a.number]));
  const several = customer.accounts.length > 1;
  const about = new Map<number, string>();
  for (const ticket of tickets) {
    const service = ticket.serviceId ? serviceById.get(ticket.serviceId) : undefined;
    const accountId = ticket.accountId ?? service?.accountId ?? null;
    const account = several && accountId !== null ? numberOf.get(accountId) : undefined;
    const parts = [
      ...(account ? [t('form.account', { number: account })] : []),
      ...(service ? [serviceLabel({ plan: service.plan, address: service.address ?? null })] : []),
    ];
    if (parts.length) about.set(ticket.id, parts.join(' · '));
  }
  return about;
}
