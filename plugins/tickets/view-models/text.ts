import type { Locale } from 'portal/sdk';

/**
 * A message as typed: blank lines part paragraphs, single line breaks stay. Templates print each
 * line escaped, so a message can never carry markup into a page or an email.
 */
export function paragraphs(body: string): string[][] {
  return body
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n[ \t]*\n+/)
    .map((p) => p.split('\n').map((line) => line.trimEnd()))
    .filter((p) => p.some((line) => line.length > 0));
}

/** `0,2 MB`, `1.5 MB`: sizes the way the customer writes numbers. */
export function megabytes(bytes: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / 1_000_000);
}

export function fileSize(bytes: number, locale: Locale): string {
  if (bytes < 1_000_000) return `${new Intl.NumberFormat(locale).format(Math.max(1, Math.round(bytes / 1000)))} KB`;
  return `${megabytes(bytes, locale)} MB`;
}

/** Printable list of kinds: `PDF, JPG o PNG` / `PDF, JPG or PNG`. */
export function kindList(kinds: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(locale, { type: 'disjunction' }).format(kinds.map((k) => k.toUpperCase()));
}
