import { randomUUID } from 'node:crypto';
import type { EventBus } from '../events/event-bus.ts';
import type { ApiRegistry } from '../api/api-registry.ts';

/**
 * Turns bus events into deliveries: for each public webhook event, a handler on the event behind
 * it writes one row per subscribed endpoint with the emitter's entity manager, so the delivery
 * exists exactly when the change it reports commits. Nothing is sent from here: the queue relays
 * committed rows (see webhook-queue.ts).
 */
export function recordWebhookEvents(events: EventBus, registry: ApiRegistry, onRecorded: () => void): void {
  for (const part of registry.contributions) {
    for (const source of part.api.webhooks ?? []) {
      events.on(source.on, part.owner, async (payload, { tenant, em }) => {
        const conn = em.getConnection();
        const ctx: unknown = em.getTransactionContext();
        const subscribed = JSON.stringify([source.event]);
        const [{ n }] = await conn.execute<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM api_webhook_endpoints WHERE tenant_id = ? AND disabled_at IS NULL AND events @> ?::jsonb`,
          [tenant.id, subscribed],
          'all',
          ctx,
        );
        if (n === 0) return;
        const data = source.data ? await source.data(payload, { tenant, em }) : payload;
        if (!data) return;
        const eventId = randomUUID();
        const body = { id: eventId, event: source.event, tenant: tenant.id, occurredAt: new Date().toISOString(), data };
        await conn.execute(
          `INSERT INTO api_webhook_deliveries (tenant_id, endpoint_id, event, event_id, payload)
           SELECT tenant_id, id, ?, ?, ?::jsonb FROM api_webhook_endpoints WHERE tenant_id = ? AND disabled_at IS NULL AND events @> ?::jsonb`,
          [source.event, eventId, JSON.stringify(body), tenant.id, subscribed],
          'run',
          ctx,
        );
        onRecorded();
      });
    }
  }
}
