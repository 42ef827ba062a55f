import type { ExportColumn, Locale } from 'portal/sdk';
import { categoryLabel, type TicketsSettings } from '../settings.ts';
import type { Translate } from '../i18n.ts';
import type { QueueRow } from './queue-query.ts';

/** The queue's columns as a spreadsheet reads them: one row per ticket, every field its own column. */
export function ticketColumns(t: Translate, settings: TicketsSettings, locale: Locale): ExportColumn<QueueRow>[] {
  return [
    { header: t('list.number'), value: (r) => r.number, type: 'number', width: 10 },
    { header: t('list.subject'), value: (r) => r.subject, width: 40 },
    { header: t('staff.queue.category'), value: (r) => categoryLabel(settings, r.category, locale), width: 24 },
    { header: t('list.status'), value: (r) => t(`staff.status.${r.status}`), width: 20 },
    { header: t('staff.queue.customer'), value: (r) => r.customerName, width: 28 },
    { header: t('staff.export.account'), value: (r) => r.accountNumber, width: 18 },
    { header: t('staff.queue.assignee'), value: (r) => r.assigneeName, width: 24 },
    { header: t('staff.export.createdAt'), value: (r) => r.createdAt, type: 'datetime', width: 18 },
    { header: t('list.lastActivity'), value: (r) => r.lastActivityAt, type: 'datetime', width: 18 },
    { header: t('staff.sla.due'), value: (r) => r.dueAt, type: 'datetime', width: 18 },
    { header: t('staff.sla.breachedColumn'), value: (r) => (r.breached ? t('staff.sla.yes') : t('staff.sla.no')), width: 10 },
  ];
}
