import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffRouteDeps } from '../staff/staff-module.ts';
import { translate } from '../auth/translate.ts';
import { createApiKey, DEFAULT_RATE_LIMIT, findApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import { parseScopes } from './scopes.ts';
import { listEndpoints } from '../webhooks/endpoints.ts';
import { staffWebhookRoutes } from '../webhooks/staff-routes.ts';

export const API_PERMISSION = 'api.manage';

const keyBody = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 100 },
    scopes: { anyOf: [{ type: 'string', maxLength: 64 }, { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 64 } }] },
    rateLimit: { type: 'string', maxLength: 7 },
    _csrf: { type: 'string' },
  },
} as const;

type KeyForm = { name?: string; scopes?: string | string[]; rateLimit?: string };

/**
 * The provider's integration in the back office, for administrators: API keys (created with the
 * secret shown once, revoked at once, last use shown) and webhook endpoints with their deliveries.
 */
export async function staffApiRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  const manage = deps.guards.requirePermission(API_PERMISSION);
  const { views, api } = deps.services;
  const t = (request: FastifyRequest, key: string, params?: Record<string, unknown>) => translate(views, request, key, params);
  const who = (request: FastifyRequest) => `staff:${request.staff!.id}`;

  const resourceRows = (request: FastifyRequest, chosen: Set<string>) =>
    api.resources(request.tenant).map((r) => ({
      name: r.name,
      description: r.description,
      read: chosen.has(`${r.name}:read`),
      write: chosen.has(`${r.name}:write`),
    }));

  app.get('/api', { preHandler: manage }, async (request, reply) => {
    const keys = await listApiKeys(request.em, request.tenant.id);
    const endpoints = await listEndpoints(request.em, request.tenant.id);
    const base = deps.services.links.absolute(request.tenant, '/api', request.brand);
    return reply.staffPage(
      'staff/api',
      {
        apiKeys: keys.map((k) => ({ ...k, scopesText: k.scopes.join(', '), revoked: Boolean(k.revokedAt) })),
        endpoints: endpoints.map((e) => ({ ...e, eventsText: e.events.join(', '), disabled: Boolean(e.disabledAt) })),
        apiUrl: `${base}/v1`,
        docsUrl: `${base}/docs`,
      },
      { title: 'staff.api.title', section: 'api' },
    );
  });

  const keyForm = (request: FastifyRequest, values: { name: string; scopes: Set<string>; rateLimit: string }, errors: string[] = []) =>
    ({
      values: { name: values.name, rateLimit: values.rateLimit },
      resources: resourceRows(request, values.scopes),
      errors,
    });

  app.get('/api/keys/new', { preHandler: manage }, async (request, reply) =>
    reply.staffPage('staff/api-key-new', keyForm(request, { name: '', scopes: new Set(), rateLimit: String(DEFAULT_RATE_LIMIT) }), { title: 'staff.api.newKeyTitle', section: 'api' }),
  );

  app.post<{ Body: KeyForm }>('/api/keys', { preHandler: manage, schema: { body: keyBody } }, async (request, reply) => {
    const body = request.body ?? {};
    const name = (body.name ?? '').trim();
    const requested = ([] as string[]).concat(body.scopes ?? []);
    const rateLimit = (body.rateLimit ?? '').trim() || String(DEFAULT_RATE_LIMIT);
    const { scopes, problems } = parseScopes(requested, api.resources(request.tenant).map((r) => r.name));
    const errors = [...(name ? [] : [t(request, 'staff.api.error.name')]), ...problems];
    const limit = Number(rateLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000) errors.push(t(request, 'staff.api.error.rateLimit'));
    if (errors.length) {
      return reply.staffPage('staff/api-key-new', keyForm(request, { name, scopes: new Set(requested), rateLimit }, errors), {
        title: 'staff.api.newKeyTitle',
        section: 'api',
        status: 400,
      });
    }
    const created = await createApiKey(request.em, request.tenant.id, { name, scopes, rateLimit: limit, createdBy: who(request) });
    deps.guards.audit(request, { action: 'api.key-created', outcome: 'success', subject: created.prefix, details: { keyId: created.id, name, scopes, rateLimit: limit } });
    await request.em.flush();
    return reply.staffPage('staff/api-key-created', { name, prefix: created.prefix, key: created.key, scopesText: scopes.join(', '), apiUrl: deps.services.links.absolute(request.tenant, '/api/v1', request.brand) }, { title: 'staff.api.keyCreatedTitle', section: 'api' });
  });

  app.post<{ Params: { id: string } }>('/api/keys/:id/revoke', { preHandler: manage }, async (request, reply) => {
    const id = Number(request.params.id);
    const key = Number.isSafeInteger(id) ? await findApiKey(request.em, request.tenant.id, id) : null;
    if (!key) return reply.callNotFound();
    if (await revokeApiKey(request.em, request.tenant.id, key.id, who(request))) {
      deps.guards.audit(request, { action: 'api.key-revoked', outcome: 'success', subject: key.prefix, details: { keyId: key.id, name: key.name } });
      await request.em.flush();
    }
    reply.flash('success', t(request, 'staff.api.revoked', { name: key.name }));
    return reply.redirect('/staff/api', 303);
  });

  await staffWebhookRoutes(app, deps, manage);
}
