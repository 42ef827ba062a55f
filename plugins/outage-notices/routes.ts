import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireCustomer, type PluginRoutesContext } from 'portal/sdk';
import { chooseArea, customerArea } from './data/customer-areas.ts';
import { currentNotices } from './data/notices.ts';
import { findArea, type OutageNoticesSettings } from './settings.ts';
import { noticeView } from './view-models/notice.ts';

/** The customer page: the notices of the area they chose, and the form to choose it. */
export async function customerRoutes(app: FastifyInstance, ctx: PluginRoutesContext): Promise<void> {
  app.get('/outage-notices', { preHandler: requireCustomer }, async (request, reply) => noticesPage(ctx, request, reply));

  app.post<{ Body: { area?: string } }>(
    '/outage-notices/area',
    { preHandler: requireCustomer, schema: { body: { type: 'object', properties: { area: { type: 'string' } } } }, attachValidation: true },
    async (request, reply) => {
      const settings = ctx.settings<OutageNoticesSettings>(request);
      const area = request.validationError ? undefined : findArea(settings, request.body.area);
      if (!area) return noticesPage(ctx, request, reply, true);
      await chooseArea(request.em, request.tenant.id, {
        customer_id: request.customer!.id,
        area: area.id,
        locale: request.locale,
        brand_id: request.brand.id,
      });
      return reply.redirect('/outage-notices', 303);
    },
  );
}

async function noticesPage(ctx: PluginRoutesContext, request: FastifyRequest, reply: FastifyReply, invalid = false) {
  const settings = ctx.settings<OutageNoticesSettings>(request);
  const { tenant } = request;
  const chosen = await customerArea(request.em, tenant.id, request.customer!.id);
  const area = findArea(settings, chosen?.area);
  const notices = area ? (await currentNotices(request.em, tenant.id, area.id, new Date())).map((row) => noticeView(row, settings, tenant.timezone)) : [];
  const areas = settings.areas.map((each) => ({ ...each, selected: each.id === area?.id }));
  return reply.page(
    'outage-notices/index',
    { areas, area, notices, invalid },
    { title: 'outage-notices.title', section: 'outage-notices', status: invalid ? 400 : 200 },
  );
}
