import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionStore } from './session-store.ts';
import type { CurrentCustomer } from '../http/request-types.ts';

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

  app.addHook('onRequest', async (request, reply) => {
    if (!request.tenant) return;
    const id = request.cookies?.[cookie.name];
    if (!id) return;
    const row = await store.find(request.tenant.id, id);
    if (!row || !row.customerId) {
      reply.clearCookie(cookie.name, { path: '/' });
      return;
    }
    const customer = await loadCustomer(request, row.customerId);
    if (!customer) {
      await store.destroy(request.tenant.id, row.idHash);
      reply.clearCookie(cookie.name, { path: '/' });
      return;
    }
    request.session = row;
    request.customer = customer;
    await store.touch(row);
  });
}

/**
 * The customer and their accounts in one round trip: this runs on every signed-in request, and on
 * the embedded database queries are serialised, so each one saved is throughput gained.
 */
export async function loadCustomer(request: FastifyRequest, customerId: number): Promise<CurrentCustomer | null> {
  const rows = await request.em.getConnection().execute<any[]>(
    `SELECT c.id, c.name, c.email, c.must_change_password,
            coalesce(json_agg(json_build_object(
              'id', a.id, 'number', a.number, 'holderName', a.holder_name,
              'documentType', a.document_type, 'documentNumber', a.document_number, 'brandId', a.brand_id
            ) ORDER BY a.number) FILTER (WHERE a.id IS NOT NULL), '[]') AS accounts
     FROM customers c LEFT JOIN accounts a ON a.customer_id = c.id AND a.tenant_id = c.tenant_id
     WHERE c.id = ? AND c.tenant_id = ? AND c.locked_at IS NULL
     GROUP BY c.id`,
    [customerId, request.tenant.id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    email: row.email ?? null,
    mustChangePassword: row.must_change_password,
    accounts: typeof row.accounts === 'string' ? JSON.parse(row.accounts) : row.accounts,
  };
}

/** New session id at every login (no fixation): the old session, if any, is ended first. */
export async function startSession(request: FastifyRequest, reply: FastifyReply, store: SessionStore, cookie: SessionCookie, customerId: number): Promise<void> {
  if (request.session) await store.destroy(request.tenant.id, request.session.idHash);
  const id = await store.create(request.tenant.id, customerId, { ip: request.ip, userAgent: request.headers['user-agent'] });
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
  reply.clearCookie(cookie.name, { path: '/' });
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
