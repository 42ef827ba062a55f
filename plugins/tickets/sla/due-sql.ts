import type { TicketsSettings } from '../settings.ts';

/**
 * SQL expressions of a ticket's promised times, for `tickets t`, so the queue can sort by them
 * and the overview count them in the database. Hours are plain hours from the opening (a
 * promise of business hours would need each tenant's holidays, which no tenant file holds yet).
 * The hours are integers checked by the settings schema and category ids match
 * `^[a-z0-9-]+$`: written into the text, they keep the statement free of extra parameters.
 */
export interface DueSql {
  /** When the first answer is due, while there is none; null without a promise. */
  firstAnswer: string;
  /** When the ticket should be closed; null without a promise. */
  resolution: string;
  /** The earlier of the two still pending; null once closed. */
  due: string;
}

export function dueSql(settings: Pick<TicketsSettings, 'sla'>): DueSql {
  const { sla } = settings;
  const hours = (key: 'firstAnswerHours' | 'resolutionHours') => {
    const per = Object.entries(sla.categories)
      .filter(([id, h]) => /^[a-z0-9][a-z0-9-]{0,47}$/.test(id) && Number.isInteger(h[key]))
      .map(([id, h]) => `WHEN '${id}' THEN ${h[key]!}`);
    const fallback = Math.trunc(Number(sla[key])) || 0;
    return per.length ? `(CASE t.category ${per.join(' ')} ELSE ${fallback} END)` : String(fallback);
  };
  const firstAnswer = `CASE WHEN t.first_answered_at IS NULL AND t.status <> 'closed' THEN t.created_at + NULLIF(${hours('firstAnswerHours')}, 0) * interval '1 hour' END`;
  const resolution = `CASE WHEN t.status <> 'closed' THEN t.created_at + NULLIF(${hours('resolutionHours')}, 0) * interval '1 hour' END`;
  return { firstAnswer, resolution, due: `LEAST(${firstAnswer}, ${resolution})` };
}
