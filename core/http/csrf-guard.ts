import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkTokenWhileReading, multipartFieldToken } from './multipart-csrf.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const ANONYMOUS = 'anonymous';

/**
 * Every state-changing request needs a valid CSRF token unless its route opts out with
 * `config: { csrf: false }` (signed webhooks, API keys). Runs after body parsing so form fields
 * are readable. A multipart body is read by its route: on routes that declare
 * `config: { multipart: true }` the token is checked as the form is read (see multipart-csrf.ts);
 * on any other route a multipart post needs the `x-csrf-token` header. Never from the URL.
 */
export function csrfGuard(app: FastifyInstance): void {
  app.decorateRequest('csrfSubject', ANONYMOUS);
  app.addHook('preValidation', (request, reply, done) => {
    // No route (404): nothing would act on the request, and the answer should say it is not there.
    if (SAFE.has(request.method) || request.is404 || request.routeOptions.config?.csrf === false || !request.tenant) return done();
    if (request.isMultipart() && request.routeOptions.config?.multipart && !request.headers['x-csrf-token']) {
      checkTokenWhileReading(app, request, reply);
      return done();
    }
    app.csrfProtection(request, reply, done);
  });
}

/** The token a request sends: a form field (urlencoded or multipart) or the `x-csrf-token` header. */
export function csrfToken(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const field = typeof body?._csrf === 'string' ? body._csrf : multipartFieldToken(request);
  const header = request.headers['x-csrf-token'];
  return field ?? (typeof header === 'string' ? header : undefined);
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

/** A visitor's user info names only the tenant, so it is the same for every visitor of one. */
export function isAnonymousUserInfo(userInfo: string): boolean {
  return userInfo.endsWith(`\n${ANONYMOUS}`);
}

/**
 * Called wherever the browser's session is found, started or ended, so a form rendered in the
 * same response already carries a token for the session the browser will send next.
 */
export function bindCsrf(request: FastifyRequest, kind: 'customer' | 'staff' | null, sessionId?: string): void {
  request.csrfSubject = kind && sessionId ? `${kind}:${sessionId}` : ANONYMOUS;
}
