import type { Translate } from '../i18n.ts';

/** "3 h", "2 d 4 h": how long the customer has been waiting since the opening. */
export function ageText(createdAt: Date, now: Date, t: Translate): string {
  const hours = Math.max(0, Math.floor((now.getTime() - createdAt.getTime()) / 3_600_000));
  if (hours < 1) return t('staff.sla.ageMinutes', { minutes: Math.max(0, Math.floor((now.getTime() - createdAt.getTime()) / 60_000)) });
  if (hours < 24) return t('staff.sla.ageHours', { hours });
  return t('staff.sla.ageDays', { days: Math.floor(hours / 24), hours: hours % 24 });
}

/** The due time and how it stands: breached, due within the warning window, or in time. */
export function dueView(row: { dueAt: Date | null; breached: boolean }, now: Date, warnHours: number, t: Translate) {
  if (!row.dueAt) return null;
  const soon = !row.breached && row.dueAt.getTime() - now.getTime() <= warnHours * 3_600_000;
  return {
    at: row.dueAt,
    breached: row.breached,
    soon,
    label: row.breached ? t('staff.sla.breached') : soon ? t('staff.sla.soon') : null,
    badge: row.breached ? 'badge-danger' : 'badge-warning',
  };
}
