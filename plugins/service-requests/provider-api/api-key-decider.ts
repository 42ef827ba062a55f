import type { FastifyRequest } from 'fastify';
import type { PortalServices } from 'portal/sdk';
import type { Decider } from '../data/decider.ts';

/**
 * The provider's system deciding through an API key: no operator is named anywhere (decided_by
 * stays empty), the history says "system" as for other automatic steps, and the audit entries
 * name the key, as core does for the call itself.
 */
export function apiKeyDecider(request: FastifyRequest, portal: PortalServices): Decider {
  return {
    staff: null,
    actor: { type: 'system', id: null },
    audit: (record) => portal.audit.record(request, record),
  };
}
