import type { Work } from '../workflow/work.ts';
import type { Parties } from './parties.ts';
import { localeFor, translator } from '../i18n.ts';
import { paragraphs } from '../view-models/text.ts';

export type CustomerNotice =
  | { kind: 'opened' }
  | { kind: 'reply'; body: string; staffName: string | null }
  | { kind: 'closed'; auto: boolean; closedAt: Date };

/**
 * Mails the ticket's customer at their primary address, in their language and the brand of the
 * ticket's account, with a link built from that brand's hostname. Only what the customer may
 * read goes in: a reply's own text, never an internal note.
 */
export async function mailCustomer(w: Work, parties: Parties, notice: CustomerNotice): Promise<void> {
  const to = parties.customer.email;
  if (!to) return;
  const locale = localeFor(w.tenant, parties.customer.locale);
  const t = translator(w.portal.views, w.tenant, locale);
  const { number, subject } = parties.ticket;
  const data: Record<string, unknown> = {
    name: parties.customer.name,
    number,
    subject,
    link: w.portal.links.absolute(w.tenant, `/tickets/${number}`, parties.brand),
  };
  if (notice.kind === 'reply') {
    data.author = w.settings.showStaffNames && notice.staffName ? notice.staffName : t('supportTeam');
    data.paragraphs = paragraphs(notice.body);
  }
  if (notice.kind === 'closed') {
    data.auto = notice.auto;
    data.days = w.settings.autoCloseDays;
    data.reopenUntil = w.settings.reopenDays > 0 ? new Date(notice.closedAt.getTime() + w.settings.reopenDays * 86_400_000) : null;
  }
  await w.portal.mail.queue(w.em, {
    tenant: w.tenant,
    brand: parties.brand,
    locale,
    to,
    template: `tickets/emails/${notice.kind}`,
    subject: `tickets.mail.${notice.kind}Subject`,
    subjectParams: { number },
    data,
  });
}
