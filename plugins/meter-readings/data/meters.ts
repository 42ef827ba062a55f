import type { EntityManager } from '@mikro-orm/postgresql';
import { Meter, Reading, type MeterRow, type ReadingRow } from '../entities.ts';
import type { HistoryReading, ReadingSource } from '../domain/periods.ts';

/** A meter of one of these accounts, or null: another customer's or tenant's meter does not exist here. */
export async function ownedMeter(em: EntityManager, meterId: string | number, accountIds: number[]): Promise<MeterRow | null> {
  const id = Number(meterId);
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647 || accountIds.length === 0) return null;
  return em.findOne(Meter, { id, accountId: { $in: accountIds } });
}

export async function metersOfAccounts(em: EntityManager, accountIds: number[]): Promise<MeterRow[]> {
  if (accountIds.length === 0) return [];
  return em.find(Meter, { accountId: { $in: accountIds } }, { orderBy: { accountId: 'asc', number: 'asc' } });
}

export async function readingsOf(em: EntityManager, meterIds: number[]): Promise<ReadingRow[]> {
  if (meterIds.length === 0) return [];
  return em.find(Reading, { meterId: { $in: meterIds } }, { orderBy: { readOn: 'asc', id: 'asc' } });
}

export function toHistory(rows: ReadingRow[]): HistoryReading[] {
  return rows.map((r) => ({
    id: r.id,
    register: r.register,
    readOn: r.readOn,
    value: Number(r.value),
    source: r.source as ReadingSource,
    replacedBy: r.replacedBy ?? null,
  }));
}
