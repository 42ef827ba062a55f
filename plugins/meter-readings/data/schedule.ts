import type { EntityManager } from '@mikro-orm/postgresql';
import { ScheduledReading, type MeterRow } from '../entities.ts';
import { addDays, type LocalDate } from '../domain/local-date.ts';

/** Dates before this many days ago can no longer open or hold a window (daysBefore is at most 28). */
const LOOK_BACK_DAYS = 40;

/**
 * Scheduled reading dates of each meter: its own dates when the provider gave it any, otherwise
 * those of its reading route.
 */
export async function readingDatesFor(em: EntityManager, meters: MeterRow[], today: LocalDate): Promise<Map<number, LocalDate[]>> {
  const out = new Map<number, LocalDate[]>();
  if (meters.length === 0) return out;
  const routes = [...new Set(meters.map((m) => m.route).filter((r): r is string => Boolean(r)))];
  const rows = await em.find(
    ScheduledReading,
    {
      readingDate: { $gte: addDays(today, -LOOK_BACK_DAYS) },
      $or: [{ meterId: { $in: meters.map((m) => m.id) } }, ...(routes.length ? [{ route: { $in: routes } }] : [])],
    },
    { orderBy: { readingDate: 'asc' } },
  );
  for (const meter of meters) {
    const own = rows.filter((r) => r.meterId === meter.id).map((r) => r.readingDate);
    out.set(meter.id, own.length ? own : rows.filter((r) => r.route !== null && r.route === meter.route).map((r) => r.readingDate));
  }
  return out;
}
