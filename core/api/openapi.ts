import type { FastifyRequest } from 'fastify';
import type { SwaggerOptions } from '@fastify/swagger';
import type { PortalServices } from '../plugins/define-plugin.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { ApiRegistry } from './api-registry.ts';

type Document = { paths?: Record<string, Record<string, { tags?: string[] }>>; tags?: { name: string }[]; [k: string]: unknown };

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/**
 * The page loads swagger-ui's own script and stylesheet files (no inline script), but React sets
 * `style` attributes, which the portal's nonce-based CSP forbids. This relaxed policy applies to
 * `/api/docs` only; it still allows no inline script and no other origin.
 */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export function openapiOptions(): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Provider API',
        version: '1',
        license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
        description:
          'Load customers, accounts, services, invoices, payments and readings by your own ids, and read back what changed. ' +
          'Authenticate with an API key (`Authorization: Bearer <key>`) created in the back office or with `portal api-key create`. ' +
          '`PUT` upserts by your id: sending the same body twice changes nothing. Lists page with `cursor` and filter with `updated_since`. ' +
          'Invalid bodies answer 400 naming each field; data that cannot be stored (an unknown account) answers 422.',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key of this tenant.' } },
      },
    },
    hideUntagged: true,
  };
}

/**
 * The document as one tenant sees it: the paths of core and of its enabled plugins, and its own
 * hostname as the server. Built once per tenant and brand, since routes do not change after start.
 */
export function tenantDocument(full: Document, request: FastifyRequest, deps: { services: PortalServices; registry: ApiRegistry }, owners: Map<string, string>): Document {
  const perTenant = cache.get(request.tenant) ?? new Map<string, Document>();
  cache.set(request.tenant, perTenant);
  const known = perTenant.get(request.brand.id);
  if (known) return known;
  const enabled = (owner: string | undefined) => !owner || owner === 'core' || request.tenant.plugins.has(owner);
  // Route parameters become {name}; `::` is fastify's escaped literal colon (`/invoices::batch`).
  const byPath = new Map([...owners].map(([key, owner]) => [key.replace(/::|:(\w+)/g, (_, name?: string) => (name ? `{${name}}` : ':')), owner]));
  const paths: Document['paths'] = {};
  for (const [path, operations] of Object.entries(full.paths ?? {})) {
    const kept = Object.fromEntries(Object.entries(operations).filter(([method]) => !METHODS.includes(method) || enabled(byPath.get(`${method.toUpperCase()} ${path}`))));
    if (Object.keys(kept).some((m) => METHODS.includes(m))) paths[path] = kept;
  }
  const resources = deps.registry.resources(request.tenant);
  const origin = deps.services.links.publicOrigin(request.tenant, request.brand);
  const doc: Document = {
    ...full,
    info: { ...(full.info as object), title: `${request.brand.name} provider API` },
    // Relative first: the interactive docs then call the origin they were loaded from (any port,
    // any of the tenant's hostnames), which is also all their CSP allows.
    servers: [
      { url: '/', description: 'This portal' },
      { url: origin, description: request.brand.name },
    ],
    tags: resources.map((r) => ({ name: r.name, description: r.description })),
    paths,
  };
  perTenant.set(request.brand.id, doc);
  return doc;
}

const cache = new WeakMap<Tenant, Map<string, Document>>();
