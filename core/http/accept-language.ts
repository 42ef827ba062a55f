import type { Locale } from '../tenants/tenant.ts';

/** A browser sends a handful of ranges; a longer header is read no further than this. */
const MOST_RANGES = 16;

/**
 * The offered locale a browser's `Accept-Language` asks for most (RFC 9110: q-values, then the
 * order written), matching `es-AR` exactly or any `es-*` by language; undefined when it asks for
 * none of them (or for `*`), so the tenant's default applies.
 */
export function localeFromAcceptLanguage(header: string | undefined, offered: readonly Locale[]): Locale | undefined {
  if (!header) return undefined;
  // What most requests send once the portal answered in the visitor's language: one exact tag.
  if ((offered as readonly string[]).includes(header)) return header as Locale;
  const ranges: { tag: string; q: number; order: number }[] = [];
  for (const part of header.split(',', MOST_RANGES)) {
    const [rawTag, ...params] = part.split(';');
    const tag = rawTag.trim().toLowerCase();
    if (!tag) continue;
    let q = 1;
    for (const param of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(param);
      if (m) q = Number(m[1]);
    }
    if (q > 0) ranges.push({ tag, q, order: ranges.length });
  }
  ranges.sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { tag } of ranges) {
    if (tag === '*') return undefined;
    const exact = offered.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const language = tag.split('-')[0];
    const sameLanguage = offered.find((l) => l.toLowerCase().split('-')[0] === language);
    if (sameLanguage) return sameLanguage;
  }
  return undefined;
}
