import type { JobContext } from 'portal/sdk';
import { Ticket } from '../entities.ts';
import type { TicketsSettings } from '../settings.ts';
import { inTransaction } from '../data/sql.ts';
import { closeTicket } from '../workflow/staff-actions.ts';
import { auditSubject } from '../audit-subject.ts';

/** Tickets one run closes; an hourly job catches up with any backlog in a few runs. */
const BATCH = 200;


/**
 * Closes tickets that have waited `autoCloseDays` for the customer's answer, counted from the
 * scheduled slot. Core runs a slot in one process only; each ticket is still closed by a
 * conditional UPDATE, so a customer reply arriving meanwhile keeps it open, and a ticket is never
 * closed (or mailed about) twice.
 */
export async function autoClose(ctx: JobContext): Promise<number> {
  const settings = ctx.settings as unknown as TicketsSettings;
  if (settings.autoCloseDays === 0) return 0;
  const cutoff = new Date(ctx.slot.getTime() - settings.autoCloseDays * 86_400_000);
  const due = await ctx.em.find(Ticket, { status: 'answered', answeredAt: { $lt: cutoff } }, { orderBy: { answeredAt: 'asc' }, limit: BATCH });
  const work = { em: ctx.em, tenant: ctx.tenant, portal: ctx.portal, settings };
  let closed = 0;
  for (const ticket of due) {
    const changed = await inTransaction(ctx.em, async () => {
      const done = await closeTicket(work, ticket, { type: 'system', id: null }, { answeredBefore: cutoff });
      if (done) {
        ctx.portal.audit.recordWith(ctx.em, ctx.tenant.id, {
          action: 'tickets.auto-closed',
          outcome: 'success',
          actorType: 'system',
          subject: auditSubject(ticket.number),
          details: { number: ticket.number, days: settings.autoCloseDays },
        });
      }
      return done;
    });
    if (changed) closed++;
  }
  return closed;
}
