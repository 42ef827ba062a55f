import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locale } from '../tenants/tenant.ts';

export type Messages = Record<string, string>;

/** Flattens `{ a: { b: "x" } }` into `{ "a.b": "x" }` so files may nest. */
function flatten(obj: Record<string, unknown>, prefix = '', out: Messages = {}): Messages {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') flatten(v as Record<string, unknown>, key, out);
    else out[key] = String(v);
  }
  return out;
}

/**
 * A folder's strings for one locale: `<locale>.json` plus any `<area>.<locale>.json`, so each
 * area (auth, theme, emails…) keeps its own file.
 */
export function readLocaleFile(dir: string, locale: Locale, prefix = ''): Messages {
  if (!existsSync(dir)) return {};
  const files = readdirSync(dir).filter((f) => f === `${locale}.json` || f.endsWith(`.${locale}.json`)).sort();
  const out: Messages = {};
  for (const name of files) {
    const file = join(dir, name);
    try {
      Object.assign(out, messagesOf(readFileSync(file, 'utf8'), prefix));
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
  }
  return out;
}

/**
 * A file's text flattened, kept by text and prefix: every portal a process starts (tests start
 * hundreds) read the same files, and parsing them was most of building a catalogue. The file is
 * still read each time, so an edited one counts. Callers copy from what this returns.
 */
const parsedTexts = new Map<string, Readonly<Messages>>();

function messagesOf(text: string, prefix: string): Readonly<Messages> {
  const key = `${prefix}\u0000${text}`;
  let messages = parsedTexts.get(key);
  if (!messages) parsedTexts.set(key, (messages = Object.freeze(flatten(JSON.parse(text) as Record<string, unknown>, prefix))));
  return messages;
}

/**
 * One catalogue per locale: core strings, then each plugin's under its own name
 * (`faq.title`), then the tenant's overrides of any of them.
 */
export class Catalog {
  readonly #messages = new Map<Locale, Messages>();

  constructor(sources: { dir: string; prefix?: string }[], locales: readonly Locale[]) {
    for (const locale of locales) {
      const merged: Messages = {};
      for (const src of sources) Object.assign(merged, readLocaleFile(src.dir, locale, src.prefix));
      this.#messages.set(locale, merged);
    }
  }

  /** Overlays strings (a tenant's own wording) and returns a new catalogue. */
  withOverrides(dir: string): Catalog {
    const map = new Map<Locale, Messages>();
    for (const [locale, msgs] of this.#messages) map.set(locale, { ...msgs, ...readLocaleFile(dir, locale) });
    return Catalog.fromMap(map);
  }

  static fromMap(map: Map<Locale, Messages>): Catalog {
    const c = new Catalog([], []);
    for (const [k, v] of map) c.#messages.set(k, v);
    return c;
  }

  get locales(): string[] {
    return [...this.#messages.keys()];
  }

  has(locale: Locale, key: string): boolean {
    return key in (this.#messages.get(locale) ?? {});
  }

  keys(locale: Locale): string[] {
    return Object.keys(this.#messages.get(locale) ?? {});
  }

  /** `{name}` placeholders are filled from params; a missing key shows itself, never blank. */
  t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
    const msg = this.#messages.get(locale)?.[key] ?? this.#messages.get('es-AR')?.[key] ?? key;
    // Most messages have no placeholder; a page asks for dozens of them.
    if (!msg.includes('{')) return msg;
    return msg.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  }
}
