import type { EntityManager } from '@mikro-orm/postgresql';
import { AccountService, type CurrentCustomer } from 'portal/sdk';
import type { TicketsSettings } from '../settings.ts';

export interface ServiceChoice {
  id: number;
  accountId: number;
  accountNumber: string;
  kind: string;
  plan: string;
  address: string | null;
  status: string;
}

/** The customer's own services a ticket may be about: those of their accounts, of the kinds and statuses the tenant allows. */
export async function choosableServices(em: EntityManager, accounts: CurrentCustomer['accounts'], settings: TicketsSettings): Promise<ServiceChoice[]> {
  if (accounts.length === 0) return [];
  const { kinds, statuses } = settings.services;
  const rows = await em.find(
    AccountService,
    { accountId: { $in: accounts.map((a) => a.id) }, status: { $in: statuses }, ...(kinds.length ? { kind: { $in: kinds } } : {}) },
    { orderBy: { accountId: 'asc', id: 'asc' } },
  );
  return rows.map((s) => ({
    id: s.id,
    accountId: s.accountId,
    accountNumber: accounts.find((a) => a.id === s.accountId)!.number,
    kind: s.kind,
    plan: s.plan,
    address: s.address ?? null,
    status: s.status,
  }));
}
