import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashKey } from './api-keys.ts';
import { problemBody } from './api-error.ts';
import { KeyChecks } from './key-checks.ts';
import { allows } from './scopes.ts';
import { runSqlOn } from '../db/run-sql.ts';

const BEARER = /^Bearer\s+(\S{20,200})\s*$/i;
/** last_used_at is news for people, not an audit trail (that is audit_log): once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Finds the key, then applies its rate limit: refused calls count too, so the limit comes before
 * the route's scope. A key of another tenant is unknown here, so it answers 401 like a made-up one
 * and confirms nothing about other tenants. The key is read from the database on every call (see
 * KeyChecks), so a revoked key stops at once on every node.
 */
export function authenticate() {
  const touched = new Map<string, number>();
  const checks = new KeyChecks();
  return async function apiAuthenticate(request: FastifyRequest, reply: FastifyReply) {
    const m = BEARER.exec(request.headers.authorization ?? '');
    if (!m) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="api"')
        .send(problemBody(request, 401, 'an API key is required: Authorization: Bearer <key>'));
    }
    const hash = hashKey(m[1]);
    const now = Date.now();
    const touch = (touched.get(hash) ?? 0) < now - TOUCH_EVERY_MS;
    const conn = request.em.getConnection();
    const key = await checks.check(request.tenant.id, {
      hash,
      touchIp: touch ? request.ip : null,
      execute: (sql, params) => runSqlOn(conn, undefined, sql, params),
    });
    if (!key) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="api", error="invalid_token"')
        .send(problemBody(request, 401, 'unknown or revoked API key'));
    }
    if (touch) touched.set(hash, now);
    request.apiKey = { id: key.id, name: key.name, prefix: key.prefix, scopes: new Set(key.scopes), rateLimit: key.rateLimit };
    const max = key.rateLimit;
    const seconds = Math.ceil(key.ttl / 1000);
    reply.header('x-ratelimit-limit', max).header('x-ratelimit-remaining', Math.max(0, max - key.hits)).header('x-ratelimit-reset', seconds);
    if (key.hits > max) {
      return reply
        .code(429)
        .header('retry-after', seconds)
        .send(problemBody(request, 429, `rate limit of ${max} requests a minute reached; retry in ${seconds} s`));
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
