import type { EntityManager } from '@mikro-orm/postgresql';
import { type PortalServices, type Locale, type Tenant, Account, Customer } from 'portal/sdk';
import type { RequestRow } from '../entities.ts';
import type { EventKind } from '../domain/states.ts';
import { requestTypesOf } from '../types/registry.ts';
import { translator, typeLabels } from '../i18n.ts';

/**
 * Tells the customer who filed the request what just happened to it, in their language, through
 * the outbox in the caller's transaction: the email goes out only if the change commits.
 * Without an address on the login, the account's contact address is used.
 */
export async function notifyCustomer(
  em: EntityManager,
  portal: PortalServices,
  tenant: Tenant,
  row: RequestRow,
  kind: EventKind,
  message: string | null,
): Promise<boolean> {
  const customer = row.customerId ? await em.findOne(Customer, { id: row.customerId }) : null;
  const account = await em.findOne(Account, { id: row.accountId });
  const to = customer?.email ?? account?.email;
  if (!to) return false;
  const locale = (tenant.locales as string[]).includes(customer?.locale ?? '') ? (customer!.locale as Locale) : tenant.locale;
  const brand = tenant.brands.find((b) => b.id === account?.brandId) ?? tenant.brands[0];
  const type = requestTypesOf(portal).get(row.type);
  const typeTitle = type ? typeLabels(portal.views, tenant, locale, type).title : row.type;
  const t = translator(portal.views, tenant, locale);
  await portal.mail.queue(em, {
    tenant,
    brand,
    locale,
    to,
    template: 'service-requests/emails/status',
    subject: `service-requests.mail.subject.${kind}`,
    subjectParams: { number: row.number, type: typeTitle },
    data: {
      name: customer?.name ?? account?.holderName ?? '',
      intro: t(`mail.intro.${kind}`, { number: row.number, type: typeTitle, account: account?.number ?? '' }),
      status: t(`status.${row.status}`),
      message,
      messageLabel: kind === 'rejected' ? t('mail.reason') : kind === 'info-requested' ? t('mail.question') : null,
      action: kind === 'info-requested' ? t('mail.answer') : t('mail.see'),
      link: portal.links.absolute(tenant, `/service-requests/${row.id}`, brand),
    },
  });
  return true;
}
