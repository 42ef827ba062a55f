import type { Translate } from '../i18n.ts';
import type { ReadingProblem } from '../domain/check-reading.ts';
import { formatLocalDate, formatNumber } from '../domain/format.ts';

/** A problem with one register's value, in the customer's words: the previous reading named in full. */
export function problemMessage(problem: ReadingProblem, unit: string, t: Translate): string {
  switch (problem.code) {
    case 'lowerThanPrevious':
      return t('errors.lowerThanPrevious', { previous: formatNumber(problem.previous), unit, date: formatLocalDate(problem.previousOn) });
    case 'tooManyDigits':
      return t('errors.tooManyDigits', { digits: problem.digits });
    default:
      return t(`errors.${problem.code}`);
  }
}

export function megabytes(bytes: number): string {
  return formatNumber(bytes / 1_000_000, 1);
}
