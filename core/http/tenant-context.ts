import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { RequestLogger, type ParentLogger } from './request-logger.ts';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';
import type { Database } from '../db/database.ts';
import type { ViewEngine } from '../views/view-engine.ts';
import type { Locale } from '../tenants/tenant.ts';
import { localeFromAcceptLanguage } from './accept-language.ts';

const FORKED = Symbol('forked entity manager');

declare module 'fastify' {
  interface FastifyRequest {
    [FORKED]: FastifyRequest['em'] | null;
  }
}

/** Clears the request's entity manager if the request used one, without forking one to clear. */
export function releaseEntityManager(request: FastifyRequest): void {
  request[FORKED]?.clear();
}

/**
 * Resolves the tenant from the Host header before anything else runs. An unknown host gets a
 * neutral 404 that names no tenant; a tenant whose file is broken gets a neutral 503.
 */
export function tenantContext(app: FastifyInstance, deps: { tenants: TenantRegistry; db: Database; views: ViewEngine }): void {
  app.decorateRequest('tenant', null as never);
  app.decorateRequest('brand', null as never);
  app.decorateRequest('locale', 'es-AR');
  app.decorateRequest('localeFromBrowser', false);
  // The entity manager is forked on first use: a page that reads nothing (the login form, the
  // FAQ) should not pay for one on every anonymous request.
  app.decorateRequest(FORKED, null);
  app.decorateRequest('em', {
    getter(this: FastifyRequest) {
      if (!this[FORKED] && this.tenant) this[FORKED] = deps.db.forTenant(this.tenant.id);
      return this[FORKED] as FastifyRequest['em'];
    },
  });

  // Every line about a request of a tenant (fastify's own "request completed" included) names the
  // tenant. Bound when the request's logger first writes a line, so a request that writes none
  // makes no pino child at all (a route's own log level or serializers still get one at once).
  app.setChildLoggerFactory((logger, bindings, opts, raw) => {
    const bind = () => {
      const found = deps.tenants.resolve(raw.headers.host);
      return found && 'tenant' in found ? { ...bindings, tenant: found.tenant.id } : bindings;
    };
    if (opts.level || opts.serializers) return logger.child(bind(), opts);
    return new RequestLogger(logger as ParentLogger, bind) as unknown as FastifyBaseLogger;
  });

  // A callback hook: nothing here waits, and an async one costs a promise on every request.
  app.addHook('onRequest', (request, reply, done) => {
    // Node keeps the first of several Host headers; a proxy in front may have routed by another.
    if (hostHeaders(request.raw.rawHeaders) > 1) {
      reply.code(400).type('text/plain; charset=utf-8').send('Bad Request: more than one Host header');
      return;
    }
    if (request.routeOptions.config?.hostless) return done();
    const found = deps.tenants.resolve(request.headers.host);
    if (!found) {
      reply.code(404).type('text/html').send(neutral(deps.views, '404', reply, request.id));
      return;
    }
    if (!('tenant' in found)) {
      request.log.warn({ tenant: found.id, file: found.file }, 'request for a tenant whose file is broken');
      reply.code(503).header('retry-after', '300').type('text/html').send(neutral(deps.views, '503', reply, request.id));
      return;
    }
    request.tenant = found.tenant;
    request.brand = found.brand;
    const { tenant } = found;
    const asked = (request.query as Record<string, unknown>)?.lang;
    const chosen = offered(asked, tenant.locales) ?? offered(request.cookies?.lang, tenant.locales);
    if (chosen) {
      request.locale = chosen;
      // The language switch: remembered, so it wins over the browser's languages from now on.
      if (chosen === asked) reply.setCookie('lang', chosen, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 86400 });
    } else if (tenant.locales.length > 1) {
      // A first visit: the browser's languages choose among the tenant's.
      request.locale = localeFromAcceptLanguage(request.headers['accept-language'], tenant.locales) ?? tenant.locale;
      request.localeFromBrowser = true;
    } else {
      request.locale = tenant.locale;
    }
    done();
  });
}

function hostHeaders(raw: string[]): number {
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === 'host') count += 1;
  return count;
}

function offered(candidate: unknown, allowed: Locale[]): Locale | undefined {
  return typeof candidate === 'string' && (allowed as string[]).includes(candidate) ? (candidate as Locale) : undefined;
}

export function neutral(views: ViewEngine, code: '404' | '503' | '500', reply: { cspNonce?: { style: string } }, requestId: string): string {
  return views.render(null, `errors/${code}`, { cspNonce: reply.cspNonce?.style ?? '', requestId }, false);
}
