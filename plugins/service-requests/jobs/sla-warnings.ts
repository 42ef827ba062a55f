import { formatDate, sql, type JobContext } from 'portal/sdk';
import type { ServiceRequestsSettings } from '../settings.ts';
import { requestTypesOf } from '../types/registry.ts';
import { labelsOf } from '../view-models/request-view.ts';
import { dueSql } from '../staff/promised-times.ts';

/** Who decides requests when the tenant names nobody: the roles of `service-requests.decide`. */
const DECIDING_ROLES = ['support', 'billing'];

/**
 * Mails the team (requests have no assignee) when a request's promised time will run out within
 * `sla.warnHours` of the slot. The warning row and the mails commit together, and the row's key
 * (request, promise) lets each warning be written once, whichever process or retry runs it.
 * Returns how many warnings it wrote.
 */
export async function slaWarnings(ctx: JobContext): Promise<number> {
  const settings = ctx.settings as unknown as ServiceRequestsSettings;
  const { firstAnswer, resolution } = dueSql(settings);
  const until = new Date(ctx.slot.getTime() + settings.sla.warnHours * 3_600_000);
  const em = ctx.em;
  await em.begin();
  try {
    const warned = await sql<{ request_id: number; kind: string; due_at: Date | string; number: number; type: string }>(
      em,
      `WITH due AS (
         INSERT INTO service_requests_sla_warnings (tenant_id, request_id, kind, due_at)
         SELECT r.tenant_id, r.id, k.kind, k.due_at
         FROM service_requests r
         CROSS JOIN LATERAL (VALUES ('first-answer', ${firstAnswer}), ('resolution', ${resolution})) AS k(kind, due_at)
         WHERE r.tenant_id = ? AND k.due_at > ? AND k.due_at <= ?
         ORDER BY k.due_at
         LIMIT 500
         ON CONFLICT (tenant_id, request_id, kind) DO NOTHING
         RETURNING request_id, kind, due_at)
       SELECT due.request_id, due.kind, due.due_at, r.number, r.type FROM due JOIN service_requests r ON r.tenant_id = ? AND r.id = due.request_id
       ORDER BY due.due_at`,
      [ctx.tenant.id, ctx.slot, until, ctx.tenant.id],
    );
    const team = !warned.length
      ? []
      : settings.sla.notify.length
        ? settings.sla.notify
        : (await sql<{ email: string }>(em, `SELECT email FROM staff_users WHERE tenant_id = ? AND locked_at IS NULL AND role IN (?) ORDER BY id`, [ctx.tenant.id, DECIDING_ROLES])).map((r) => r.email);
    const vctx = { tenant: ctx.tenant, locale: ctx.tenant.locale, views: ctx.portal.views, types: requestTypesOf(ctx.portal) };
    for (const w of warned) {
      const due = formatDate(w.due_at, ctx.tenant.timezone, true);
      const first = w.kind === 'first-answer';
      for (const to of new Set(team.map((a) => a.toLowerCase()))) {
        await ctx.portal.mail.queue(em, {
          tenant: ctx.tenant,
          locale: ctx.tenant.locale,
          to,
          template: 'service-requests/emails/staff-sla',
          subject: first ? 'service-requests.mailSla.firstAnswerSubject' : 'service-requests.mailSla.resolutionSubject',
          subjectParams: { number: w.number, due },
          data: {
            intro: first ? 'service-requests.mailSla.firstAnswerIntro' : 'service-requests.mailSla.resolutionIntro',
            number: w.number,
            type: labelsOf(vctx, w.type).title,
            due,
            link: ctx.portal.links.absolute(ctx.tenant, `/staff/service-requests/${w.request_id}`),
          },
        });
      }
    }
    await em.commit();
    return warned.length;
  } catch (err) {
    await em.rollback();
    throw err;
  }
}
