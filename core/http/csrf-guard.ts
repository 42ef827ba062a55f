import type { FastifyInstance, FastifyRequest } from 'fastify';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const ANONYMOUS = 'anonymous';

/**
 * Every state-changing request needs a valid CSRF token unless its route opts out with
 * `config: { csrf: false }` (signed webhooks, API keys). Runs after body parsing so form fields
 * are readable; multipart forms send the token in the `x-csrf-token` header or `?_csrf=`.
 */
export function csrfGuard(app: FastifyInstance): void {
  app.decorateRequest('csrfSubject', ANONYMOUS);
  app.addHook('preValidation', (request, reply, done) => {
    if (SAFE.has(request.method) || request.routeOptions.config?.csrf === false || !request.tenant) return done();
    app.csrfProtection(request, reply, done);
  });
}

/**
 * Whose forms a token is good for: this tenant and the session the browser holds, customer's or
 * operator's. The `_csrf` cookie alone is not enough: its signature is the install's, so a
 * cookie and token copied from another tenant, or planted by another visitor, would pass.
 * Anonymous forms, and login forms (`config: { csrf: 'visitor' }`), are bound to the tenant and,
 * through that cookie, to the visitor.
 */
export function csrfUserInfo(request: FastifyRequest): string {
  const subject = request.routeOptions.config?.csrf === 'visitor' ? ANONYMOUS : request.csrfSubject;
  return `${request.tenant?.id ?? ''}\n${subject}`;
}

/**
 * Called wherever the browser's session is found, started or ended, so a form rendered in the
 * same response already carries a token for the session the browser will send next.
 */
export function bindCsrf(request: FastifyRequest, kind: 'customer' | 'staff' | null, sessionId?: string): void {
  request.csrfSubject = kind && sessionId ? `${kind}:${sessionId}` : ANONYMOUS;
}
