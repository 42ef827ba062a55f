import { Customer, formatDate, LOCALES, type JobContext, type Locale, type PortalServices, type Tenant } from 'portal/sdk';
import { customersOfArea } from './data/customer-areas.ts';
import type { NewNotice } from './data/notices.ts';
import { findArea, type OutageNoticesSettings } from './settings.ts';

type Em = JobContext['em'];

/**
 * Queues the notice's mail to every customer who chose its area, in `em`'s transaction: a notice
 * that is not stored mails nobody. Each mail is in the language and under the brand the customer
 * chose their area in. Returns how many were queued.
 */
export async function mailAffectedCustomers(portal: PortalServices, em: Em, tenant: Tenant, notice: NewNotice, settings: OutageNoticesSettings): Promise<number> {
  const affected = await customersOfArea(em, tenant.id, notice.area);
  if (affected.length === 0) return 0;
  const customers = await em.find(Customer, { id: { $in: affected.map((row) => row.customer_id) } });
  const emailOf = new Map(customers.map((customer) => [customer.id, customer.email]));
  const areaName = findArea(settings, notice.area)?.name ?? notice.area;
  let queued = 0;
  for (const row of affected) {
    const to = emailOf.get(row.customer_id);
    if (!to) continue;
    const brand = tenant.brands.find((each) => each.id === row.brand_id);
    await portal.mail.queue(em, {
      tenant,
      to,
      template: 'outage-notices/emails/notice',
      subject: 'outage-notices.mail.subject',
      subjectParams: { area: areaName },
      locale: asLocale(row.locale),
      brand,
      data: {
        title: notice.title,
        message: notice.message,
        areaName,
        from: formatDate(notice.startsAt, tenant.timezone, true),
        until: formatDate(notice.endsAt, tenant.timezone, true),
        link: portal.links.absolute(tenant, '/outage-notices', brand),
      },
    });
    queued += 1;
  }
  return queued;
}

/** A stored language the portal no longer knows writes in the tenant's (undefined). */
function asLocale(value: string): Locale | undefined {
  return LOCALES.find((locale) => locale === value);
}
