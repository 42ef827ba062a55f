import { Customer, formatDate, LOCALES, type EntityManager, type Locale, type PortalServices, type Tenant } from 'portal/sdk';
import { customersOfArea } from './data/customer-areas.ts';
import type { NewNotice } from './data/notices.ts';
import { findArea, type OutageNoticesSettings } from './settings.ts';


/**
 * Queues the notice's mail to every customer who chose its area, in `em`'s transaction: a notice
 * that is not stored mails nobody. Each mail is in the language and under the brand the customer
 * chose their area in. Returns how many were queued.
 */
export async function mailAffectedCustomers(portal: PortalServices, em: EntityManager, tenant: Tenant, notice: NewNotice, settings: OutageNoticesSettings): Promise<number> {
  const affected = await customersOfArea(em, tenant.id, notice.area);
  if (affected.length === 0) return 0;
  // A locked login is not written to; one without an email cannot be.
  const customers = await em.find(Customer, { id: { $in: affected.map((row) => row.customer_id) }, email: { $ne: null }, lockedAt: null });
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
      // Under `notice`: the mail's own `title` (its subject), `brand`, `locale`… win over top-level keys.
      data: {
        notice: {
          title: notice.title,
          message: notice.message,
          from: formatDate(notice.startsAt, tenant.timezone, true),
          until: formatDate(notice.endsAt, tenant.timezone, true),
        },
        areaName,
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
