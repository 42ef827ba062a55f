import type { FastifyInstance } from 'fastify';
import type { PortalMetrics } from './portal-metrics.ts';

/** The route label of a request no route matched: one value, whatever URL was asked for. */
export const NOT_FOUND_ROUTE = 'not-found';

/**
 * Counts every answer by route template (`/invoices/:id`, never the URL asked for, so a scan of
 * made-up paths adds no series) and times it. The tenant comes from the Host header only through
 * the registry, so it too is a known, bounded value.
 */
export function httpMetrics(app: FastifyInstance, metrics: PortalMetrics): void {
  // A callback hook: nothing here waits, and an async one costs a promise on every request.
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? NOT_FOUND_ROUTE;
    const tenant = request.tenant?.id ?? 'none';
    metrics.httpRequests.inc({ route, method: request.method, status: String(reply.statusCode), tenant });
    metrics.httpDuration.observe({ route, method: request.method, tenant }, reply.elapsedTime / 1000);
    done();
  });
}
