import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localDateTime, type StaffRoutesContext } from 'portal/sdk';
import { addNotice, latestNotices } from '../data/notices.ts';
import { readNoticeForm, type NoticeForm, type NoticeProblem } from '../domain/notice-form.ts';
import { mailAffectedCustomers } from '../notice-mail.ts';
import type { OutageNoticesSettings } from '../settings.ts';
import { noticeView } from '../view-models/notice.ts';

const PERMISSION = 'outage-notices.manage';

/** The back-office screen: the latest notices, and a form to publish one. Each route states its permission. */
export async function staffRoutes(app: FastifyInstance, ctx: StaffRoutesContext): Promise<void> {
  app.get('/outage-notices', { config: { permission: PERMISSION } }, async (request, reply) => listPage(ctx, request, reply));

  app.post<{ Body: NoticeForm }>(
    '/outage-notices',
    {
      config: { permission: PERMISSION },
      schema: {
        body: {
          type: 'object',
          properties: {
            area: { type: 'string' },
            title: { type: 'string' },
            message: { type: 'string' },
            startsAt: { type: 'string' },
            endsAt: { type: 'string' },
          },
        },
      },
      attachValidation: true,
    },
    async (request, reply) => {
      const settings = ctx.settings<OutageNoticesSettings>(request);
      const form = request.validationError ? {} : request.body;
      const read = readNoticeForm(form, settings, request.tenant.timezone);
      if (!read.notice) return listPage(ctx, request, reply, form, read.problems);
      const { notice } = read;
      await request.em.transactional(async (tx) => {
        const id = await addNotice(tx, request.tenant.id, notice);
        const mailed = await mailAffectedCustomers(ctx.portal, tx, request.tenant, notice, settings);
        ctx.audit(request, { action: 'outage-notices.published', outcome: 'success', subject: String(id), details: { area: notice.area, mailed } }, tx);
      });
      return reply.redirect('/staff/outage-notices', 303);
    },
  );
}

const FOUR_HOURS = 4 * 60 * 60 * 1000;

async function listPage(ctx: StaffRoutesContext, request: FastifyRequest, reply: FastifyReply, posted?: NoticeForm, problems: NoticeProblem[] = []) {
  const settings = ctx.settings<OutageNoticesSettings>(request);
  const { timezone } = request.tenant;
  // A fresh form proposes the next four hours, in the tenant's wall-clock time.
  const now = Date.now();
  const form = posted ?? { startsAt: localDateTime(new Date(now), timezone), endsAt: localDateTime(new Date(now + FOUR_HOURS), timezone) };
  const notices = (await latestNotices(request.em, request.tenant.id)).map((row) => noticeView(row, settings, timezone));
  const areas = settings.areas.map((area) => ({ ...area, selected: area.id === form.area }));
  return reply.staffPage(
    'outage-notices/staff/list',
    { notices, areas, form, problems: problems.map((problem) => `outage-notices.problem.${problem}`) },
    { title: 'outage-notices.title', section: 'outage-notices', status: problems.length > 0 ? 400 : 200 },
  );
}
