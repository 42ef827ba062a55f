import { dueAtSql, hoursByKeySql } from 'portal/sdk';
import type { RequestSlaHours, ServiceRequestsSettings } from '../settings.ts';

/**
 * SQL of a request's promised times, for `service_requests r`: the first answer is due while it
 * is still `submitted` (every way out of that state is an operator's act), the resolution while
 * it is open. Plain hours from the filing, as the settings say.
 */
export function dueSql(settings: Pick<ServiceRequestsSettings, 'sla'>): { firstAnswer: string; resolution: string; due: string } {
  const { sla } = settings;
  const hours = (key: keyof RequestSlaHours) => hoursByKeySql('r.type', sla[key], Object.fromEntries(Object.entries(sla.types).map(([id, h]) => [id, h[key]])));
  const firstAnswer = `CASE WHEN r.status = 'submitted' THEN ${dueAtSql('r.created_at', hours('firstAnswerHours'))} END`;
  const resolution = `CASE WHEN r.status IN ('submitted', 'in_review', 'needs_info') THEN ${dueAtSql('r.created_at', hours('resolutionHours'))} END`;
  return { firstAnswer, resolution, due: `LEAST(${firstAnswer}, ${resolution})` };
}
