import { zonedDateTime } from 'portal/sdk';
import type { NewNotice } from '../data/notices.ts';
import { findArea, type OutageNoticesSettings } from '../settings.ts';

/** The staff form as posted: every field a string, dates as datetime-local values. */
export interface NoticeForm {
  area?: string;
  title?: string;
  message?: string;
  startsAt?: string;
  endsAt?: string;
}

/** A problem is the key of its message in the locales (`outage-notices.problem.<key>`). */
export type NoticeProblem = 'area' | 'title' | 'message' | 'startsAt' | 'endsAt' | 'order';

export type ReadNotice = { notice: NewNotice; problems?: undefined } | { notice?: undefined; problems: NoticeProblem[] };

/** Reads the form; the from/until wall-clock times are the tenant's, whatever the server's zone. */
export function readNoticeForm(form: NoticeForm, settings: OutageNoticesSettings, timezone: string): ReadNotice {
  const problems: NoticeProblem[] = [];
  const area = findArea(settings, form.area);
  if (!area) problems.push('area');
  const title = (form.title ?? '').trim();
  if (!title || title.length > 120) problems.push('title');
  const message = (form.message ?? '').trim();
  if (message.length > 1000) problems.push('message');
  const startsAt = zonedDateTime(form.startsAt ?? '', timezone);
  if (!startsAt) problems.push('startsAt');
  const endsAt = zonedDateTime(form.endsAt ?? '', timezone);
  if (!endsAt) problems.push('endsAt');
  if (startsAt && endsAt && endsAt <= startsAt) problems.push('order');
  if (problems.length > 0 || !area || !startsAt || !endsAt) return { problems };
  return { notice: { area: area.id, title, message, startsAt, endsAt } };
}
