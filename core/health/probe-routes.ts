import type { FastifyInstance } from 'fastify';
import type { Readiness } from './readiness.ts';

/**
 * `/healthz` (the process answers) and `/readyz` (it can serve: 200, or 503 naming what failed).
 * Hostless, so any Host header gets them, known, unknown or a broken tenant's; no tenant means no
 * session, CSRF or rate limit runs. Probes come every few seconds: the per-request log lines are
 * kept for warnings and worse, and a failed readiness is logged once per answer.
 */
export function probeRoutes(app: FastifyInstance, readiness: Readiness): void {
  const options = { config: { hostless: true }, logLevel: 'warn' as const };
  app.get('/healthz', options, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });
  app.get('/readyz', options, async (request, reply) => {
    const report = await readiness.report();
    reply.header('cache-control', 'no-store');
    if (report.status !== 'ok') {
      request.log.warn({ checks: report.checks }, 'not ready');
      reply.code(503);
    }
    return report;
  });
}
