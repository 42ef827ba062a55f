import type { FastifyReply, FastifyRequest } from 'fastify';
import { countHitSql } from '../http/rate-limit-store.ts';
import { hashKey } from './api-keys.ts';
import { problemBody } from './api-error.ts';
import { allows } from './scopes.ts';

const BEARER = /^Bearer\s+(\S{20,200})\s*$/i;
/** last_used_at is news for people, not an audit trail (that is audit_log): once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;
/** A key's `rate_limit` counts requests in windows of a minute. */
const WINDOW_MS = 60_000;

interface KeyHit {
  id: number;
  name: string;
  prefix: string;
  scopes: string[] | string;
  rate_limit: number;
  hits: number;
  ttl: number;
}

/**
 * The key among the request's tenant's active keys, with its hit counted in the same statement (a
 * key read from the database on every call, so a revoked key stops at once on every node), and
 * its last use noted when due. The counter and the note commit without waiting for the disk (see
 * countHitSql): a lost hit lets one call more through, a lost note is a minute's news.
 */
function keyCheckSql(touch: boolean): string {
  return `WITH k AS (SELECT id, tenant_id, name, prefix, scopes, rate_limit FROM api_keys WHERE key_hash = ? AND tenant_id = ? AND revoked_at IS NULL),
    hit AS (${countHitSql(`'rl:api:' || k.tenant_id || ':' || k.id`, 'k')})${touch ? `,
    touch AS (UPDATE api_keys SET last_used_at = now(), last_used_ip = ? WHERE id = (SELECT id FROM k))` : ''}
    SELECT k.id, k.name, k.prefix, k.scopes, k.rate_limit, hit.hits, hit.ttl FROM k CROSS JOIN hit`;
}

/**
 * Finds the key, then applies its rate limit: refused calls count too, so the limit comes before
 * the route's scope. A key of another tenant is unknown here, so it answers 401 like a made-up one
 * and confirms nothing about other tenants. One round trip per call.
 */
export function authenticate() {
  const touched = new Map<string, number>();
  const withTouch = keyCheckSql(true);
  const withoutTouch = keyCheckSql(false);
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
    const [row] = await request.em
      .getConnection()
      .execute<KeyHit[]>(touch ? withTouch : withoutTouch, touch ? [hash, request.tenant.id, WINDOW_MS, request.ip] : [hash, request.tenant.id, WINDOW_MS]);
    if (!row) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="api", error="invalid_token"')
        .send(problemBody(request, 401, 'unknown or revoked API key'));
    }
    if (touch) touched.set(hash, now);
    request.apiKey = {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      scopes: new Set(typeof row.scopes === 'string' ? JSON.parse(row.scopes) : row.scopes),
      rateLimit: row.rate_limit,
    };
    const max = row.rate_limit;
    const hits = Number(row.hits);
    const seconds = Math.ceil(Math.max(0, Number(row.ttl)) / 1000);
    reply.header('x-ratelimit-limit', max).header('x-ratelimit-remaining', Math.max(0, max - hits)).header('x-ratelimit-reset', seconds);
    if (hits > max) {
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
