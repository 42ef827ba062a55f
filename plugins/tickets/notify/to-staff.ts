import type { Work } from '../workflow/work.ts';
import type { Parties } from './parties.ts';
import { categoryLabel } from '../settings.ts';
import { paragraphs } from '../view-models/text.ts';
import { deskAddresses } from '../data/staff.ts';
import { REPLY_ROLES } from '../permissions.ts';

export interface StaffNotice {
  kind: 'new' | 'reply' | 'reopen';
  body: string;
  attachments: number;
}

/**
 * New tickets go to the tenant's notify list (without one, to the operators who answer tickets).
 * A customer's reply or reopening goes to the operator the ticket is assigned to, or to the list
 * when nobody is; one email per address, in the tenant's language, linking to the ticket in the
 * back office.
 */
export async function mailStaff(w: Work, parties: Parties, notice: StaffNotice): Promise<void> {
  const recipients =
    notice.kind !== 'new' && parties.assignee
      ? [parties.assignee.email]
      : w.settings.notify.length
        ? w.settings.notify
        : await deskAddresses(w.em, REPLY_ROLES);
  if (recipients.length === 0) return;
  const locale = w.tenant.locale;
  const { number, subject, category } = parties.ticket;
  const data = {
    kind: notice.kind,
    number,
    subject,
    customerName: parties.customer.name,
    accountNumber: parties.accountNumber,
    service: parties.service,
    category: categoryLabel(w.settings, category, locale),
    paragraphs: paragraphs(notice.body),
    attachments: notice.attachments,
    link: w.portal.links.absolute(w.tenant, `/staff/tickets/${number}`, parties.brand),
  };
  for (const to of new Set(recipients.map((r) => r.toLowerCase()))) {
    await w.portal.mail.queue(w.em, {
      tenant: w.tenant,
      brand: parties.brand,
      locale,
      to,
      template: notice.kind === 'new' ? 'tickets/emails/staff-new' : 'tickets/emails/staff-reply',
      subject: `tickets.mail.staff.${notice.kind}Subject`,
      subjectParams: { number, subject },
      data,
    });
  }
}
