import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionStore } from './session-store.ts';
import { bindCsrf } from '../http/csrf-guard.ts';

export interface SessionCookie {
  name: string;
  secure: boolean;
}

/** `__Host-` pins the cookie to this exact host over HTTPS; plain HTTP (development) cannot use it. */
export function sessionCookie(secure: boolean): SessionCookie {
  return { name: secure ? '__Host-portal' : 'portal_sid', secure };
}

/** Loads the session and the signed-in customer for every tenant request. */
export function sessionHook(app: FastifyInstance, store: SessionStore, cookie: SessionCookie): void {
  app.decorateRequest('session', null);
  app.decorateRequest('customer', null);

  const signIn = async (request: FastifyRequest, reply: FastifyReply, id: string): Promise<void> => {
    const found = await store.findSignedIn(request.tenant.id, id);
    if (!found) {
      clearSessionCookie(reply, cookie);
      return;
    }
    request.session = found.session;
    request.customer = found.customer;
    bindCsrf(request, 'customer', id);
    await store.touch(found.session);
  };
  // A callback hook: a visitor without the cookie (every anonymous page) waits for nothing, and
  // an async hook cost each of those requests a promise.
  app.addHook('onRequest', (request, reply, done) => {
    const id = request.tenant ? request.cookies?.[cookie.name] : undefined;
    if (!id) return done();
    signIn(request, reply, id).then(() => done(), done);
  });
}

/** New session id at every login (no fixation): the old session, if any, is ended first. */
export async function startSession(request: FastifyRequest, reply: FastifyReply, store: SessionStore, cookie: SessionCookie, customerId: number): Promise<void> {
  if (request.session) await store.destroy(request.tenant.id, request.session.idHash);
  const id = await store.create(request.tenant.id, customerId, { ip: request.ip, userAgent: request.headers['user-agent'] });
  bindCsrf(request, 'customer', id);
  reply.setCookie(cookie.name, id, {
    path: '/',
    httpOnly: true,
    secure: cookie.secure,
    sameSite: 'lax',
    maxAge: store.timeouts.absoluteHours * 3600,
  });
}

export async function endSession(request: FastifyRequest, reply: FastifyReply, store: SessionStore, cookie: SessionCookie): Promise<void> {
  if (request.session) await store.destroy(request.tenant.id, request.session.idHash);
  bindCsrf(request, null);
  clearSessionCookie(reply, cookie);
}

/**
 * A deletion repeats the attributes the cookie was set with: browsers ignore a `__Host-` cookie
 * without Secure, deletions included, and would keep sending the ended session's id.
 */
export function clearSessionCookie(reply: FastifyReply, cookie: SessionCookie): void {
  reply.clearCookie(cookie.name, { path: '/', httpOnly: true, secure: cookie.secure, sameSite: 'lax' });
}

/** preHandler for customer pages: anonymous visitors go to the login page and come back after. */
export async function requireCustomer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.customer) {
    if (request.customer.mustChangePassword && !request.url.startsWith('/account/password')) {
      return reply.redirect('/account/password?first=1');
    }
    return;
  }
  const next = encodeURIComponent(request.url);
  return reply.redirect(`/login?next=${next}`);
}
