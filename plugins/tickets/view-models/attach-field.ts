import type { Locale } from 'portal/sdk';
import type { TicketsSettings } from '../settings.ts';
import type { Translate } from '../i18n.ts';
import { acceptList } from '../files/attachments.ts';
import { kindList, megabytes } from './text.ts';

/** The file input of a ticket form, or null where the tenant takes no attachments. */
export function attachField(settings: TicketsSettings, t: Translate, locale: Locale, errors: string[] = []) {
  const { maxFiles, maxBytes, kinds } = settings.attachments;
  if (maxFiles === 0) return null;
  return {
    multiple: maxFiles > 1,
    accept: acceptList(kinds),
    hint: t(maxFiles > 1 ? 'attach.hintMany' : 'attach.hintOne', { count: maxFiles, kinds: kindList(kinds, locale), max: megabytes(maxBytes, locale) }),
    errors,
  };
}
