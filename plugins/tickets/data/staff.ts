import type { EntityManager } from '@mikro-orm/postgresql';
import { StaffUser, type StaffRole } from 'portal/sdk';
import type { Thread } from './read.ts';

/** Names of the operators a thread mentions (authors, actors, assignees), by id. */
export async function staffNamesOf(em: EntityManager, thread: Thread, extra: (number | null | undefined)[] = []): Promise<Map<number, string>> {
  const ids = new Set<number>();
  for (const m of thread.messages) if (m.staffId) ids.add(m.staffId);
  for (const e of thread.events) {
    if (e.actorType === 'staff' && e.actorId) ids.add(e.actorId);
    if (e.assignedTo) ids.add(e.assignedTo);
  }
  for (const id of extra) if (id) ids.add(id);
  if (ids.size === 0) return new Map();
  const rows = await em.find(StaffUser, { id: { $in: [...ids] } });
  return new Map(rows.map((u) => [u.id, u.name]));
}

/** Operators who may be given a ticket: not locked, and of a role that can answer it. */
export async function assignableStaff(em: EntityManager, roles: readonly StaffRole[]): Promise<{ id: number; name: string; role: string }[]> {
  const rows = await em.find(StaffUser, { lockedAt: null, role: { $in: ['administrator', ...roles] } }, { orderBy: { name: 'asc', id: 'asc' } });
  return rows.map((u) => ({ id: u.id, name: u.name, role: u.role }));
}

/**
 * Who hears of tickets when the tenant names nobody: the operators who answer them, or the
 * administrators while there are none, so a new ticket never waits unseen.
 */
export async function deskAddresses(em: EntityManager, roles: readonly StaffRole[]): Promise<string[]> {
  const answerers = await em.find(StaffUser, { lockedAt: null, role: { $in: [...roles] } }, { orderBy: { id: 'asc' } });
  const rows = answerers.length ? answerers : await em.find(StaffUser, { lockedAt: null, role: 'administrator' }, { orderBy: { id: 'asc' } });
  return rows.map((u) => u.email);
}
