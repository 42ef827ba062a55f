import type { EntityManager } from '@mikro-orm/postgresql';
import { localDate, type PortalServices, type Tenant } from 'portal/sdk';
import type { StatementCharges } from '../types/contract.ts';
import type { InvoicesProvides } from '../../invoices/api.ts';

/**
 * Charges reach the statement through the service the invoices plugin provides, an optional
 * dependency (`optionalDependsOn`): only where the tenant enables it, with the decision's entity
 * manager so the movement commits or rolls back with the approval.
 */
export function statementCharges(em: EntityManager, tenant: Tenant, portal: PortalServices, target: { requestId: number; accountNumber: string }): StatementCharges {
  const invoices = portal.plugins.forTenant<InvoicesProvides>(tenant, 'invoices');
  return {
    available: invoices !== null,
    async addCharge({ key, description, amount }) {
      if (!invoices) return false;
      if (!/^[a-z0-9-]{1,24}$/.test(key)) throw new Error(`charge key "${key}" must be 1–24 lowercase letters, digits and dashes`);
      if (!Number.isFinite(amount) || amount <= 0) throw new Error(`charge amount must be positive, got ${amount}`);
      await invoices.service(tenant, em).addMovement({
        // Keyed by request: approving the same request twice could never charge twice.
        externalId: `service-request-${target.requestId}-${key}`,
        accountNumber: target.accountNumber,
        date: localDate(new Date(), tenant.timezone),
        kind: 'adjustment',
        description: description.slice(0, 200),
        amount: amount.toFixed(2),
      });
      return true;
    },
  };
}
