import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from '../accounts/entities.ts';

export interface AuditRecord {
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  /** What the action was about: an account number, an email, a record id. Never a secret. */
  subject?: string | null;
  actorType?: 'customer' | 'staff' | 'system' | 'anonymous' | 'api';
  actorId?: string | number | null;
  details?: Record<string, unknown>;
}

/** Append-only audit trail; rows are written with the request's tenant and origin, in UTC. */
export class AuditLog {
  record(request: FastifyRequest, rec: AuditRecord): void {
    this.recordWith(request.em, request.tenant.id, rec, request);
  }

  /**
   * Persists on the caller's next flush (same transaction as the change it describes). Without an
   * explicit actor, the request's own identity is the actor: the API key it authenticated with,
   * else the signed-in customer.
   */
  recordWith(em: EntityManager, tenantId: string, rec: AuditRecord, request?: FastifyRequest): void {
    const [actorType, actorId] = rec.actorType
      ? [rec.actorType, rec.actorId]
      : request?.apiKey
        ? (['api', request.apiKey.id] as const)
        : request?.customer
          ? (['customer', request.customer.id] as const)
          : (['anonymous', null] as const);
    em.create(AuditEntry, {
      tenantId,
      actorType,
      actorId: actorId != null ? String(actorId) : null,
      action: rec.action,
      subject: rec.subject ?? null,
      outcome: rec.outcome,
      ip: request?.ip ?? null,
      userAgent: request?.headers['user-agent']?.slice(0, 255) ?? null,
      details: rec.details ?? null,
    } as any);
  }

  /** Failed attempts for a subject within the window: the per-account login/reset throttle. */
  async recentFailures(em: EntityManager, action: string, subject: string, minutes: number): Promise<number> {
    return em.count(AuditEntry, {
      action,
      subject,
      outcome: 'failure',
      at: { $gt: new Date(Date.now() - minutes * 60_000) },
    });
  }
}
