import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { StaffRouteDeps } from '../staff/staff-module.ts';
import { translate } from '../auth/translate.ts';
import { pageNumber, pager } from '../staff/pagination.ts';
import { createEndpoint, disableEndpoint, endpointUrlProblem, findEndpoint } from './endpoints.ts';
import { endpointDeliveries, findDelivery, retryDelivery } from './deliveries-query.ts';

const PAGE_SIZE = 50;
const STATUS_BADGE: Record<string, string> = { pending: 'warning', delivered: 'success', failed: 'danger', cancelled: 'muted' };

const endpointBody = {
  type: 'object',
  properties: {
    url: { type: 'string', maxLength: 2000 },
    description: { type: 'string', maxLength: 255 },
    events: { anyOf: [{ type: 'string', maxLength: 64 }, { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 64 } }] },
    _csrf: { type: 'string' },
  },
} as const;

/** Webhook endpoints (the signing secret shown once), their deliveries with every attempt, and a manual retry. */
export async function staffWebhookRoutes(app: FastifyInstance, deps: StaffRouteDeps, manage: preHandlerAsyncHookHandler): Promise<void> {
  const { views, api, webhooks } = deps.services;
  const t = (request: FastifyRequest, key: string, params?: Record<string, unknown>) => translate(views, request, key, params);
  const idOf = (raw: string) => (Number.isSafeInteger(Number(raw)) ? Number(raw) : 0);
  const eventRows = (request: FastifyRequest, chosen: Set<string>) =>
    api.webhookEvents(request.tenant).map((e) => ({ event: e.event, description: e.description, checked: chosen.has(e.event) }));
  const form = (request: FastifyRequest, values: { url: string; description: string; events: Set<string> }, errors: string[] = []) => ({
    values: { url: values.url, description: values.description },
    events: eventRows(request, values.events),
    errors,
  });

  app.get('/api/webhooks/new', { preHandler: manage }, async (request, reply) =>
    reply.staffPage('staff/api-webhook-new', form(request, { url: '', description: '', events: new Set() }), { title: 'staff.api.newWebhookTitle', section: 'api' }),
  );

  app.post<{ Body: { url?: string; description?: string; events?: string | string[] } }>(
    '/api/webhooks',
    { preHandler: manage, schema: { body: endpointBody } },
    async (request, reply) => {
      const url = (request.body?.url ?? '').trim();
      const description = (request.body?.description ?? '').trim();
      const known = new Set(api.webhookEvents(request.tenant).map((e) => e.event));
      const events = ([] as string[]).concat(request.body?.events ?? []);
      const errors: string[] = [];
      const urlProblem = endpointUrlProblem(url, webhooks.requireHttps);
      if (urlProblem) errors.push(t(request, 'staff.api.error.url', { problem: urlProblem }));
      if (!events.length || events.some((e) => !known.has(e))) errors.push(t(request, 'staff.api.error.events'));
      if (errors.length) {
        return reply.staffPage('staff/api-webhook-new', form(request, { url, description, events: new Set(events) }, errors), { title: 'staff.api.newWebhookTitle', section: 'api', status: 400 });
      }
      const created = await createEndpoint(request.em, webhooks.secrets, request.tenant.id, { url, description: description || null, events, createdBy: `staff:${request.staff!.id}` });
      deps.guards.audit(request, { action: 'api.webhook-created', outcome: 'success', subject: url.slice(0, 255), details: { endpointId: created.id, events } });
      await request.em.flush();
      return reply.staffPage('staff/api-webhook-created', { url, secret: created.secret, endpointId: created.id, eventsText: events.join(', ') }, { title: 'staff.api.webhookCreatedTitle', section: 'api' });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { page?: string } }>('/api/webhooks/:id', { preHandler: manage }, async (request, reply) => {
    const endpoint = await findEndpoint(request.em, request.tenant.id, idOf(request.params.id));
    if (!endpoint) return reply.callNotFound();
    const page = pageNumber(request.query.page);
    const { rows, total } = await endpointDeliveries(request.em, request.tenant.id, endpoint.id, page, PAGE_SIZE);
    return reply.staffPage(
      'staff/api-webhook',
      {
        endpoint: { ...endpoint, eventsText: endpoint.events.join(', '), disabled: Boolean(endpoint.disabledAt) },
        deliveries: rows.map((d) => ({ ...d, badge: STATUS_BADGE[d.status] ?? 'muted', statusLabel: t(request, `staff.api.status.${d.status}`) })),
        pager: pager(`/staff/api/webhooks/${endpoint.id}`, {}, page, PAGE_SIZE, total),
      },
      { title: 'staff.api.webhookTitle', titleParams: { url: endpoint.url }, section: 'api' },
    );
  });

  app.post<{ Params: { id: string } }>('/api/webhooks/:id/disable', { preHandler: manage }, async (request, reply) => {
    const endpoint = await findEndpoint(request.em, request.tenant.id, idOf(request.params.id));
    if (!endpoint) return reply.callNotFound();
    if (await disableEndpoint(request.em, request.tenant.id, endpoint.id)) {
      deps.guards.audit(request, { action: 'api.webhook-disabled', outcome: 'success', subject: endpoint.url.slice(0, 255), details: { endpointId: endpoint.id } });
      await request.em.flush();
    }
    reply.flash('success', t(request, 'staff.api.webhookDisabled'));
    return reply.redirect(`/staff/api/webhooks/${endpoint.id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/api/deliveries/:id', { preHandler: manage }, async (request, reply) => {
    const delivery = await findDelivery(request.em, request.tenant.id, idOf(request.params.id));
    if (!delivery) return reply.callNotFound();
    return reply.staffPage(
      'staff/api-delivery',
      {
        delivery: { ...delivery, badge: STATUS_BADGE[delivery.status] ?? 'muted', statusLabel: t(request, `staff.api.status.${delivery.status}`), retryable: ['failed', 'cancelled'].includes(delivery.status) },
      },
      { title: 'staff.api.deliveryTitle', titleParams: { id: delivery.id }, section: 'api' },
    );
  });

  app.post<{ Params: { id: string } }>('/api/deliveries/:id/retry', { preHandler: manage }, async (request, reply) => {
    const delivery = await findDelivery(request.em, request.tenant.id, idOf(request.params.id));
    if (!delivery) return reply.callNotFound();
    if (await retryDelivery(request.em, request.tenant.id, delivery.id)) {
      deps.guards.audit(request, { action: 'api.delivery-retried', outcome: 'success', subject: String(delivery.id), details: { event: delivery.event } });
      await request.em.flush();
      webhooks.queue.nudge();
    }
    reply.flash('success', t(request, 'staff.api.retryQueued'));
    return reply.redirect(`/staff/api/deliveries/${delivery.id}`, 303);
  });
}
