import type { FastifyInstance } from 'fastify';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing request needs a valid CSRF token unless its route opts out with
 * `config: { csrf: false }` (signed webhooks, API keys). Runs after body parsing so form fields
 * are readable; multipart forms send the token in the `x-csrf-token` header or `?_csrf=`.
 */
export function csrfGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, reply, done) => {
    if (SAFE.has(request.method) || request.routeOptions.config?.csrf === false || !request.tenant) return done();
    app.csrfProtection(request, reply, done);
  });
}
