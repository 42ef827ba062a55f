import type { FastifyRequest } from 'fastify';
import { Account, AccountService } from 'portal/sdk';
import type { AccountRow, ServiceRow } from '../types/contract.ts';

export interface CustomerTargets {
  accounts: AccountRow[];
  services: ServiceRow[];
}

/** The signed-in customer's accounts (as held right now) and their services. */
export async function customerTargets(request: FastifyRequest): Promise<CustomerTargets> {
  const ids = request.customer!.accounts.map((a) => a.id);
  if (ids.length === 0) return { accounts: [], services: [] };
  const [accounts, services] = await Promise.all([
    request.em.find(Account, { id: { $in: ids }, customerId: request.customer!.id }, { orderBy: { number: 'asc' } }),
    request.em.find(AccountService, { accountId: { $in: ids } }, { orderBy: { id: 'asc' } }),
  ]);
  return { accounts, services: services.filter((s) => accounts.some((a) => a.id === s.accountId)) };
}

/**
 * The account (by number) and service (by id) named in the query, only if they are the customer's;
 * `undefined` when anything named is not theirs, so the caller answers 404.
 */
export async function chosenTarget(request: FastifyRequest, query: { account?: string; service?: string }): Promise<{ account: AccountRow; service: ServiceRow | null } | undefined> {
  const { accounts, services } = await customerTargets(request);
  const account = accounts.find((a) => a.number === query.account);
  if (!account) return undefined;
  if (query.service === undefined || query.service === '') return { account, service: null };
  const service = services.find((s) => String(s.id) === query.service && s.accountId === account.id);
  return service ? { account, service } : undefined;
}
