import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant } from 'portal/sdk';
import type { InvoicesProvides } from '../../invoices/api.ts';
import { toCents } from '../domain/money.ts';

/** The debt an agreement was asked over, beside what the account owes now. */
export interface DebtSinceRequest {
  requested: string;
  current: string;
  /** The plan no longer splits what is owed: it cannot be approved as asked. */
  changed: boolean;
  /** Nothing is owed any more (the customer paid, or was credited). */
  paid: boolean;
}

/**
 * Compares a request's debt with the account's balance today. The back-office queue shows it and
 * the decision refuses an approval on it, so both read the same figures from this one place.
 */
export async function debtSinceRequest(
  deps: { portal: PortalServices; tenant: Tenant; em: EntityManager },
  agreement: { accountId: number; debt: string },
): Promise<DebtSinceRequest> {
  const current = await deps.portal.plugins.get<InvoicesProvides>('invoices').receivables(deps.tenant, deps.em).balance(agreement.accountId);
  const now = toCents(current);
  return { requested: agreement.debt, current, changed: now !== toCents(agreement.debt), paid: now <= 0 };
}
