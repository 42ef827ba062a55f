import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestEvent, type EventRow } from '../entities.ts';
import type { EventKind, Status } from '../domain/states.ts';

export interface Actor {
  type: 'customer' | 'staff' | 'system';
  id: number | null;
}

/** One line of the request's history; flushed so files sent with it can point at it. */
export async function addEvent(em: EntityManager, tenantId: string, requestId: number, actor: Actor, kind: EventKind, status: Status, message: string | null = null): Promise<EventRow> {
  const event = em.create(RequestEvent, { tenantId, requestId, actorType: actor.type, actorId: actor.id, kind, status, message } as any);
  await em.flush();
  return event;
}
