import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant } from 'portal/sdk';
import { recipientOf } from '../processing/recipient.ts';

export interface StaffNotice {
  tenant: Tenant;
  accountId: number;
  customerId: number | null;
  /** `report-received`, `report-accepted`, `report-rejected`, `agreement-requested`, `agreement-approved`, `agreement-rejected`, `refunded`. */
  template: string;
  data: Record<string, unknown>;
  /** Page of the portal the email points to. */
  path: string;
}

/** Tells the customer what they asked for or what the back office decided, queued in the same transaction. */
export async function notifyCustomer(em: EntityManager, portal: PortalServices, notice: StaffNotice): Promise<boolean> {
  const to = await recipientOf(em, notice.tenant, notice.accountId, notice.customerId);
  if (!to) return false;
  await portal.mail.queue(em, {
    tenant: notice.tenant,
    brand: to.brand,
    to: to.email,
    locale: to.locale,
    template: `payments/emails/${notice.template}`,
    subject: `payments.mail.${notice.template}.subject`,
    data: { ...notice.data, name: to.name, accountNumber: to.accountNumber, link: portal.links.absolute(notice.tenant, notice.path, to.brand) },
  });
  return true;
}
