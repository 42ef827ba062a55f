import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { isBackendUnavailable } from '../http/backend-unavailable.ts';
import { WriteGroup } from './write-group.ts';

type Execute = (sql: string, params: unknown[]) => Promise<unknown>;

/** One `audit_log` row's values after tenant_id and actor_type ('api'), in column order. */
type AuditValues = [tenantId: string, actorId: string | null, action: string, subject: string, outcome: string, ip: string, userAgent: string | null, details: string];

const COLUMNS = `tenant_id, actor_type, actor_id, action, subject, outcome, ip, user_agent, details`;
const TUPLE = `(?, 'api', ?, ?, ?, ?, ?, ?, ?::jsonb)`;
/** Bounds one statement's size when a backlog has built up (the database was slow or away). */
const MOST_PER_INSERT = 500;

/**
 * Every API call leaves an audit row, refused ones included, with the key as actor. Written after
 * the response is sent: the client does not wait for it, and a call is recorded with the status
 * it really got. Raw SQL, because thousands of calls a minute do not need the unit of work.
 *
 * Rows go out in multi-row inserts through a WriteGroup, each committed (and synced to disk) before
 * its callers hear back: under load hundreds of calls share one commit instead of each holding a
 * pooled connection through its own disk sync, which the next calls were queueing for.
 */
export class ApiAuditWriter {
  readonly #execute: Execute;
  readonly #log: FastifyBaseLogger;
  readonly #rows = new WriteGroup<AuditValues, void>(async (rows) => {
    await this.#insert(rows);
    return [];
  }, { most: MOST_PER_INSERT });

  constructor(execute: Execute, log: FastifyBaseLogger) {
    this.#execute = execute;
    this.#log = log;
  }

  /** Resolves once the call's row is committed, or its failure logged. */
  record(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.#rows.submit(auditValues(request, reply));
  }

  /** Waits for every row recorded so far (shutdown). */
  settled(): Promise<void> {
    return this.#rows.settled();
  }

  async #insert(rows: AuditValues[]): Promise<void> {
    try {
      await this.#execute(`INSERT INTO audit_log (${COLUMNS}) VALUES ${rows.map(() => TUPLE).join(', ')}`, rows.flat());
    } catch (err) {
      // One row the database refuses must not take the others with it: each goes on its own. A
      // database out of reach would refuse each again, one slow failure after another.
      if (rows.length > 1 && !isBackendUnavailable(err)) {
        for (const row of rows) await this.#insert([row]);
        return;
      }
      this.#log.error({ err, calls: rows.length, subject: rows[0][3] }, 'API call not audited');
    }
  }
}

function auditValues(request: FastifyRequest, reply: FastifyReply): AuditValues {
  const status = reply.statusCode;
  const outcome = status < 400 ? 'success' : status === 401 || status === 403 || status === 429 ? 'denied' : 'failure';
  const scope = request.routeOptions.config?.apiScope;
  const access = scope ? scope.slice(scope.indexOf(':') + 1) : request.method === 'GET' ? 'read' : 'write';
  const resource = scope ? scope.slice(0, scope.indexOf(':')) : 'unknown';
  return [
    request.tenant.id,
    request.apiKey ? String(request.apiKey.id) : null,
    `api.${resource}.${access}`.slice(0, 64),
    `${request.method} ${request.url.split('?')[0]}`.slice(0, 255),
    outcome,
    request.ip,
    request.headers['user-agent']?.slice(0, 255) ?? null,
    JSON.stringify({ status, key: request.apiKey?.prefix ?? null, route: request.routeOptions.url ?? null, ms: Math.round(reply.elapsedTime) }),
  ];
}
