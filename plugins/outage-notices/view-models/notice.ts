import { formatDate } from 'portal/sdk';
import type { NoticeRow } from '../data/notices.ts';
import { findArea, type OutageNoticesSettings } from '../settings.ts';

export interface NoticeView {
  title: string;
  message: string;
  areaName: string;
  from: string;
  until: string;
  expired: boolean;
}

/** A notice as pages and mails show it: dates in the tenant's zone, es-AR format. */
export function noticeView(row: NoticeRow, settings: OutageNoticesSettings, timezone: string): NoticeView {
  return {
    title: row.title,
    message: row.message,
    // An area taken out of the settings keeps its notices readable under its id.
    areaName: findArea(settings, row.area)?.name ?? row.area,
    from: formatDate(row.starts_at, timezone, true),
    until: formatDate(row.ends_at, timezone, true),
    expired: row.expired,
  };
}
