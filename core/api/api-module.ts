import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { PortalServices } from '../plugins/define-plugin.ts';
import type { ApiRegistry, ApiContribution } from './api-registry.ts';
import { apiValidatorCompiler } from './validation.ts';
import { apiErrorHandler, problemBody } from './api-error.ts';
import { authenticate, requireScope } from './authenticate.ts';
import { ApiAuditWriter } from './api-audit.ts';
import { runSqlOn } from '../db/run-sql.ts';
import { openapiOptions, tenantDocument, DOCS_CSP } from './openapi.ts';
import { documentedResponses, operationId } from './operation-docs.ts';
import './request-types.ts';

/**
 * The provider API of every tenant at `https://<tenant host>/api/v1`, its OpenAPI document at
 * `/api/v1/openapi.json` and interactive docs at `/api/docs`. Each part (core's, each plugin's)
 * lives in its own scope; in front of all of them: the plugin check (404 for a tenant without
 * it), the key, the per-key rate limit and the route's scope, in that order; every call is audited.
 */
export async function apiModule(app: FastifyInstance, deps: { services: PortalServices; registry: ApiRegistry; orm: MikroORM }): Promise<void> {
  const owners = new Map<string, string>();
  const conn = deps.orm.em.getConnection();
  const audit = new ApiAuditWriter((sql, params) => runSqlOn(conn, undefined, sql, params), app.log);
  // Audit rows are written after the response; closing waits for them so none is lost to shutdown.
  app.addHook('onClose', () => audit.settled());

  await app.register(
    async (api) => {
      api.decorateRequest('apiKey', null);
      await api.register(swagger, openapiOptions());
      api.setErrorHandler(apiErrorHandler);
      const document = (request: FastifyRequest) => tenantDocument(api.swagger() as never, request, deps, owners);
      await api.register(swaggerUi, {
        routePrefix: '/docs',
        staticCSP: DOCS_CSP,
        uiConfig: { deepLinking: true, persistAuthorization: false, tryItOutEnabled: false },
        transformSpecification: (_spec, request) => document(request),
        transformSpecificationClone: false,
      });
      api.get('/v1/openapi.json', { schema: { hide: true } }, async (request) => document(request));

      await api.register(
        async (v1) => {
          v1.setValidatorCompiler(apiValidatorCompiler(deps.registry.formats()));
          v1.setNotFoundHandler(async (request, reply) => reply.code(404).send(problemBody(request, 404, `no ${request.method} ${request.url.split('?')[0]} here`)));
          // Machines authenticate with a key, not a cookie: there is no CSRF token to send.
          v1.addHook('onRoute', (route) => {
            route.config = { ...(route.config as object), csrf: false } as never;
          });
          v1.addHook('onRequest', async (request, reply) => {
            const owner = owners.get(routeKey(request.routeOptions));
            if (owner && owner !== 'core' && !request.tenant.plugins.has(owner)) return reply.callNotFound();
          });
          v1.addHook('onRequest', authenticate());
          v1.addHook('onRequest', requireScope);
          v1.addHook('onResponse', async (request, reply) => {
            if (request.tenant) await audit.record(request, reply);
          });
          for (const contribution of deps.registry.contributions) {
            if (contribution.api.routes) await v1.register(async (scope) => registerPart(scope, contribution, deps.services, owners));
          }
        },
        { prefix: '/v1' },
      );
    },
    { prefix: '/api' },
  );
}

/** One part's routes, each checked to name a scope of a resource that part declares. */
async function registerPart(scope: FastifyInstance, part: ApiContribution, services: PortalServices, owners: Map<string, string>): Promise<void> {
  const resources = new Set((part.api.resources ?? []).map((r) => r.name));
  scope.addHook('onRoute', (route) => {
    const wanted = (route.config as { apiScope?: string } | undefined)?.apiScope;
    const m = /^([a-z][a-z0-9-]*):(read|write)$/.exec(wanted ?? '');
    if (!m || !resources.has(m[1])) {
      throw new Error(`${part.owner}: API route ${route.method} ${route.url} must set config.apiScope to <resource>:read|write of its own resources (${[...resources].join(', ')})`);
    }
    owners.set(routeKey(route), part.owner);
    const method = Array.isArray(route.method) ? route.method[0] : route.method;
    const schema = (route.schema ?? {}) as { operationId?: string; response?: Record<string, unknown> };
    route.schema = {
      ...schema,
      tags: [m[1]],
      security: [{ apiKey: [] }],
      operationId: schema.operationId ?? operationId(method, route.url),
      response: documentedResponses(method, schema.response),
    } as never;
  });
  await part.api.routes!(scope, {
    portal: services,
    settings: <S>(request: FastifyRequest) => (part.owner === 'core' ? {} : (request.tenant.plugins.get(part.owner) ?? {})) as S,
  });
}

function routeKey(route: Pick<RouteOptions, 'method' | 'url'> | { method: string | string[]; url?: string }): string {
  return `${Array.isArray(route.method) ? route.method.join(',') : route.method} ${route.url}`;
}
