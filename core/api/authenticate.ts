import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashKey } from './api-keys.ts';
import { problemBody } from './api-error.ts';
import { allows } from './scopes.ts';

const BEARER = /^Bearer\s+(\S{20,200})\s*$/i;
/** last_used_at is news for people, not an audit trail (that is audit_log): once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Finds the key among the request's tenant's active keys. A key of another tenant is unknown
 * here, so it answers 401 like a made-up one and confirms nothing about other tenants.
 */
export function authenticate() {
  const touched = new Map<number, number>();
  return async function apiAuthenticate(request: FastifyRequest, reply: FastifyReply) {
    const m = BEARER.exec(request.headers.authorization ?? '');
    if (!m) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="api"')
        .send(problemBody(request, 401, 'an API key is required: Authorization: Bearer <key>'));
    }
    const conn = request.em.getConnection();
    const [row] = await conn.execute<{ id: number; name: string; prefix: string; scopes: string[] | string; rate_limit: number }[]>(
      `SELECT id, name, prefix, scopes, rate_limit FROM api_keys WHERE key_hash = ? AND tenant_id = ? AND revoked_at IS NULL`,
      [hashKey(m[1]), request.tenant.id],
    );
    if (!row) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="api", error="invalid_token"')
        .send(problemBody(request, 401, 'unknown or revoked API key'));
    }
    request.apiKey = {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      scopes: new Set(typeof row.scopes === 'string' ? JSON.parse(row.scopes) : row.scopes),
      rateLimit: row.rate_limit,
    };
    const now = Date.now();
    if ((touched.get(row.id) ?? 0) < now - TOUCH_EVERY_MS) {
      touched.set(row.id, now);
      await conn.execute(`UPDATE api_keys SET last_used_at = now(), last_used_ip = ? WHERE id = ?`, [request.ip, row.id], 'run');
    }
  };
}

/** The route's `apiScope`, checked after the rate limit so refused calls count too. */
export async function requireScope(request: FastifyRequest, reply: FastifyReply) {
  const needed = request.routeOptions.config.apiScope;
  // Every API route must name a scope to be registered: none means no route here, and the
  // not-found handler answers 404 rather than a refusal for a scope nobody could hold.
  if (!needed) return;
  if (!allows(request.apiKey!.scopes, needed)) {
    return reply.code(403).send(problemBody(request, 403, `this key lacks the scope ${needed}`));
  }
}
