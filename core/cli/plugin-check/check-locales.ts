import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml, YamlValidationError, type DataPath, type ParsedYaml } from '../../schema/yaml-validate.ts';
import { LOCALES } from '../../tenants/tenant-schema.ts';
import { displayPath } from '../display-path.ts';
import type { Problem } from '../problem.ts';

interface LocaleFile {
  file: string;
  /** `emails` for `emails.en.json`, '' for `en.json`: the same area in each language. */
  area: string;
  parsed: ParsedYaml;
}

interface Located {
  in: LocaleFile;
  path: DataPath;
}

/**
 * Every language the portal offers has the same strings. A language's strings are `<locale>.json`
 * plus any `<area>.<locale>.json`, as the catalogue reads them (core/i18n/i18n.ts).
 */
export function checkLocales(pluginDir: string): Problem[] {
  const dir = join(pluginDir, 'locales');
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir).sort();
  const problems: Problem[] = [];
  const strings = new Map<string, Map<string, Located>>();
  for (const locale of LOCALES) {
    const keys = new Map<string, Located>();
    strings.set(locale, keys);
    const files = names.filter((n) => n === `${locale}.json` || n.endsWith(`.${locale}.json`));
    if (files.length === 0) {
      problems.push({ file: displayPath(join(dir, `${locale}.json`)), line: 1, message: `missing: a plugin with strings has them in every language (${LOCALES.join(', ')})` });
      continue;
    }
    for (const name of files) {
      const file = displayPath(join(dir, name));
      try {
        // JSON is YAML: the YAML parser keeps each key's line, and refuses a key written twice.
        const parsed = parseYaml(file, readFileSync(join(dir, name), 'utf8'));
        const localeFile = { file, area: name.slice(0, -`${locale}.json`.length), parsed };
        for (const [key, path] of leafKeys(parsed.data)) keys.set(key, { in: localeFile, path });
      } catch (err) {
        if (!(err instanceof YamlValidationError)) throw err;
        problems.push(...err.errors.map((e) => ({ file, line: e.line, message: e.message })));
      }
    }
  }
  for (const [locale, keys] of strings) {
    for (const [other, otherKeys] of strings) {
      if (other === locale) continue;
      for (const [key, found] of otherKeys) {
        if (keys.has(key)) continue;
        const at = [...keys.values()].find((k) => k.in.area === found.in.area)?.in;
        problems.push({
          file: at?.file ?? displayPath(join(dir, `${found.in.area}${locale}.json`)),
          line: at ? at.parsed.locate(found.path, 'key').line : 1,
          message: `string "${key}" is missing (${found.in.file}:${found.in.parsed.locate(found.path, 'key').line} has it)`,
        });
      }
    }
  }
  return problems;
}

/** Dotted key → its path, for every string (leaf) of the file. */
function leafKeys(data: unknown, prefix: DataPath = [], out = new Map<string, DataPath>()): Map<string, DataPath> {
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    for (const [k, v] of Object.entries(data)) leafKeys(v, [...prefix, k], out);
  } else if (prefix.length) {
    out.set(prefix.join('.'), prefix);
  }
  return out;
}
