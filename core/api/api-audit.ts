import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Every API call leaves an audit row, refused ones included, with the key as actor. Written after
 * the response is sent: the client does not wait for it, and a call is recorded with the status
 * it really got. Raw SQL, because thousands of calls a minute do not need the unit of work.
 */
export async function auditApiCall(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const status = reply.statusCode;
  const outcome = status < 400 ? 'success' : status === 401 || status === 403 || status === 429 ? 'denied' : 'failure';
  const scope = request.routeOptions.config?.apiScope;
  const access = scope ? scope.slice(scope.indexOf(':') + 1) : request.method === 'GET' ? 'read' : 'write';
  const resource = scope ? scope.slice(0, scope.indexOf(':')) : 'unknown';
  try {
    await request.em.getConnection().execute(
      `INSERT INTO audit_log (tenant_id, actor_type, actor_id, action, subject, outcome, ip, user_agent, details)
       VALUES (?, 'api', ?, ?, ?, ?, ?, ?, ?::jsonb)`,
      [
        request.tenant.id,
        request.apiKey ? String(request.apiKey.id) : null,
        `api.${resource}.${access}`.slice(0, 64),
        `${request.method} ${request.url.split('?')[0]}`.slice(0, 255),
        outcome,
        request.ip,
        request.headers['user-agent']?.slice(0, 255) ?? null,
        JSON.stringify({ status, key: request.apiKey?.prefix ?? null, route: request.routeOptions.url ?? null, ms: Math.round(reply.elapsedTime) }),
      ],
      'run',
    );
  } catch (err) {
    request.log.error({ err }, 'API call not audited');
  }
}
