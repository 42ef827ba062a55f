import { formatDate, sql, type JobContext } from 'portal/sdk';
import type { TicketsSettings } from '../settings.ts';
import { inTransaction } from '../data/sql.ts';
import { deskAddresses } from '../data/staff.ts';
import { loadParties } from '../notify/parties.ts';
import { REPLY_ROLES } from '../permissions.ts';
import { dueSql } from '../sla/due-sql.ts';

/**
 * Mails the assigned operator, or the team when nobody has the ticket, when a promised time
 * (first answer, resolution) will run out within `sla.warnHours` of the slot. The warning row
 * and the mails commit together, and the row's key (ticket, promise) lets each warning be
 * written once: a later run, another process or a retry finds it and mails nothing.
 * Returns how many warnings it wrote.
 */
export async function slaWarnings(ctx: JobContext): Promise<number> {
  const settings = ctx.settings as unknown as TicketsSettings;
  const { firstAnswer, resolution } = dueSql(settings);
  const until = new Date(ctx.slot.getTime() + settings.sla.warnHours * 3_600_000);
  return inTransaction(ctx.em, async () => {
    const warned = await sql<{ ticket_id: number; kind: 'first-answer' | 'resolution'; due_at: Date | string }>(
      ctx.em,
      `INSERT INTO tickets_sla_warnings (tenant_id, ticket_id, kind, due_at)
       SELECT t.tenant_id, t.id, k.kind, k.due_at
       FROM tickets t
       CROSS JOIN LATERAL (VALUES ('first-answer', ${firstAnswer}), ('resolution', ${resolution})) AS k(kind, due_at)
       WHERE t.tenant_id = ? AND t.status <> 'closed' AND k.due_at > ? AND k.due_at <= ?
       ORDER BY k.due_at
       LIMIT 500
       ON CONFLICT (tenant_id, ticket_id, kind) DO NOTHING
       RETURNING ticket_id, kind, due_at`,
      [ctx.tenant.id, ctx.slot, until],
    );
    const team = warned.length ? (settings.notify.length ? settings.notify : await deskAddresses(ctx.em, REPLY_ROLES)) : [];
    for (const w of warned) {
      const parties = await loadParties(ctx.em, ctx.tenant, Number(w.ticket_id));
      const recipients = parties.assignee ? [parties.assignee.email] : team;
      const due = formatDate(w.due_at, ctx.tenant.timezone, true);
      const { number, subject } = parties.ticket;
      for (const to of new Set(recipients.map((r) => r.toLowerCase()))) {
        await ctx.portal.mail.queue(ctx.em, {
          tenant: ctx.tenant,
          brand: parties.brand,
          locale: ctx.tenant.locale,
          to,
          template: 'tickets/emails/staff-sla',
          subject: w.kind === 'first-answer' ? 'tickets.mailSla.firstAnswerSubject' : 'tickets.mailSla.resolutionSubject',
          subjectParams: { number, due },
          data: {
            intro: w.kind === 'first-answer' ? 'tickets.mailSla.firstAnswerIntro' : 'tickets.mailSla.resolutionIntro',
            why: parties.assignee ? 'tickets.mailSla.assigned' : 'tickets.mailSla.team',
            number,
            subject,
            due,
            customerName: parties.customer.name,
            link: ctx.portal.links.absolute(ctx.tenant, `/staff/tickets/${number}`, parties.brand),
          },
        });
      }
    }
    return warned.length;
  });
}
