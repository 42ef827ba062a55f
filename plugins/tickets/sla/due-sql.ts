import { dueAtSql, hoursByKeySql } from 'portal/sdk';
import type { SlaHours, TicketsSettings } from '../settings.ts';

/** SQL expressions of a ticket's promised times, for `tickets t` (plain hours from the opening). */
export interface DueSql {
  /** When the first answer is due, while there is none; null without a promise. */
  firstAnswer: string;
  /** When the ticket should be closed; null without a promise or once closed. */
  resolution: string;
  /** The earlier of the two still pending. */
  due: string;
}

export function dueSql(settings: Pick<TicketsSettings, 'sla'>): DueSql {
  const { sla } = settings;
  const hours = (key: keyof SlaHours) =>
    hoursByKeySql('t.category', sla[key], Object.fromEntries(Object.entries(sla.categories).map(([id, h]) => [id, h[key]])));
  const firstAnswer = `CASE WHEN t.first_answered_at IS NULL AND t.status <> 'closed' THEN ${dueAtSql('t.created_at', hours('firstAnswerHours'))} END`;
  const resolution = `CASE WHEN t.status <> 'closed' THEN ${dueAtSql('t.created_at', hours('resolutionHours'))} END`;
  return { firstAnswer, resolution, due: `LEAST(${firstAnswer}, ${resolution})` };
}
