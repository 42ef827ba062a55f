import type { DataPath, LocatedError, ParsedYaml } from '../schema/yaml-validate.ts';
import { LOCALES } from '../i18n/locales.ts';
import type { Locale } from './tenant.ts';
import { at } from './load-tenant.ts';

/** A text a tenant file wrote as a map by language, and where. */
export interface WrittenText {
  map: Record<string, string>;
  path: DataPath;
}

const LANGUAGE_NAMES: Record<Locale, string> = { 'es-AR': 'Spanish', en: 'English' };

/**
 * Every language the tenant offers should have its text. A map without the default language is
 * an error (there is nothing sure to show instead); one without another offered language is a
 * warning, and that language shows the default language's text. The maps are completed here,
 * once per load, so pages look a text up and never search for a fallback.
 */
export function checkTextCoverage(parsed: ParsedYaml, texts: WrittenText[], locale: Locale, offered: Locale[]): { errors: LocatedError[]; warnings: LocatedError[] } {
  const errors: LocatedError[] = [];
  const warnings: LocatedError[] = [];
  for (const { map, path } of texts) {
    const fallback = map[locale];
    if (fallback === undefined) {
      errors.push(at(parsed, path, `needs the text in ${locale}, the tenant's default language (has ${Object.keys(map).join(', ')})`));
      continue;
    }
    const missing = offered.filter((l) => map[l] === undefined);
    if (missing.length) {
      const pages = missing.map((l) => `${LANGUAGE_NAMES[l]} (${l})`).join(' and ');
      warnings.push(at(parsed, path, `warning: no ${missing.join(', ')} text; ${pages} pages show the ${locale} one`));
    }
    for (const l of LOCALES) map[l] ??= fallback;
  }
  return { errors, warnings };
}
