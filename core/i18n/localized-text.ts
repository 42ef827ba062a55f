import type { Locale } from '../tenants/tenant.ts';
import { LOCALES } from './locales.ts';

/** Text by language, as a tenant file writes it: `{ es-AR: "Sábados", en: "Saturdays" }`. */
export type LocalizedMap = Partial<Record<Locale, string>>;

/**
 * A text a tenant writes (opening hours, a plan's name, an FAQ answer): one text for every
 * language, or one per language. Loading a tenant file fills in each language a map leaves out
 * with the tenant's default language (and `tenant validate` warns about it), so a loaded map has
 * every language.
 */
export type LocalizedText = string | LocalizedMap;

/** `T` as pages read it in one language: every LocalizedText in it a string. */
export type InLocale<T> = T extends string
  ? string
  : T extends readonly (infer U)[]
    ? InLocale<U>[]
    : T extends object
      ? [keyof T] extends [Locale]
        ? string
        : { [K in keyof T]: InLocale<T[K]> }
      : T;

const LOCALE_KEYS = new Set<string>(LOCALES);

/** A map by language: a plain object whose keys are all locales and whose values are all text. */
export function isLocalizedMap(value: unknown): value is LocalizedMap {
  if (!value || typeof value !== 'object' || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  let keys = 0;
  for (const key in value) {
    if (!LOCALE_KEYS.has(key) || typeof (value as Record<string, unknown>)[key] !== 'string') return false;
    keys++;
  }
  return keys > 0;
}

/**
 * The text in `locale`. A map the tenant loader filled has every language; one built elsewhere
 * (a plugin's defaults in a test) falls back to its first text rather than showing nothing.
 */
export function localize(text: LocalizedText | null | undefined, locale: Locale): string {
  if (text === null || text === undefined) return '';
  if (typeof text === 'string') return text;
  const own = text[locale];
  if (own !== undefined) return own;
  for (const key in text) return text[key as Locale] ?? '';
  return '';
}

/** Every language's text, the first being the default language's for a loaded map. */
export function allTexts(text: LocalizedText | null | undefined): string[] {
  if (text === null || text === undefined) return [];
  return typeof text === 'string' ? [text] : (Object.values(text) as string[]);
}

const resolved = new WeakMap<object, Map<Locale, unknown>>();

/**
 * `source` (a tenant's contact, its theme settings, a plugin's FAQ entries) with every
 * LocalizedText in it turned into the text of `locale`. Built once per object and language and
 * kept while the object lives: a reloaded tenant brings new objects, so nothing goes stale, and
 * a page pays a lookup, not a copy.
 */
export function inLocale<T extends object>(source: T, locale: Locale): InLocale<T> {
  let byLocale = resolved.get(source);
  if (!byLocale) resolved.set(source, (byLocale = new Map<Locale, unknown>()));
  let out = byLocale.get(locale);
  if (out === undefined) byLocale.set(locale, (out = resolveDeep(source, locale)));
  return out as InLocale<T>;
}

function resolveDeep(value: unknown, locale: Locale): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, locale));
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  if (isLocalizedMap(value)) return localize(value, locale);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = resolveDeep(v, locale);
  return out;
}
