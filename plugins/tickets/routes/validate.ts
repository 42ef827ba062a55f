import type { Locale } from 'portal/sdk';
import type { Translate } from '../i18n.ts';

export const SUBJECT_MAX = 150;
export const MESSAGE_MAX = 5000;

/** A required text: trimmed, not empty, not longer than `max` characters; the error names the limit. */
export function requiredText(raw: string | undefined, max: number, field: string, t: Translate, locale: Locale): { value: string; error: string | null } {
  const value = (raw ?? '').replace(/\r\n?/g, '\n').trim();
  if (!value) return { value, error: t(`errors.${field}Required`) };
  if ([...value].length > max) return { value, error: t(`errors.${field}TooLong`, { max: new Intl.NumberFormat(locale).format(max) }) };
  return { value, error: null };
}
