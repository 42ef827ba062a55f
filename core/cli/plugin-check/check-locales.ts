import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml, YamlValidationError, type DataPath, type ParsedYaml } from '../../schema/yaml-validate.ts';
import { LOCALES } from '../../tenants/tenant-schema.ts';
import { displayPath } from '../display-path.ts';
import type { Problem } from '../problem.ts';

interface LocaleFile {
  file: string;
  parsed: ParsedYaml;
  keys: Map<string, DataPath>;
}

/** `locales/<locale>.json` for every language the portal offers, each with the same keys. */
export function checkLocales(pluginDir: string): Problem[] {
  const dir = join(pluginDir, 'locales');
  if (!existsSync(dir)) return [];
  const problems: Problem[] = [];
  const files: LocaleFile[] = [];
  for (const locale of LOCALES) {
    const path = join(dir, `${locale}.json`);
    const file = displayPath(path);
    if (!existsSync(path)) {
      problems.push({ file, line: 1, message: `missing: a plugin with strings has them in every language (${LOCALES.join(', ')})` });
      continue;
    }
    try {
      // JSON is YAML: the YAML parser keeps each key's line, and refuses a key written twice.
      const parsed = parseYaml(file, readFileSync(path, 'utf8'));
      files.push({ file, parsed, keys: leafKeys(parsed.data) });
    } catch (err) {
      if (!(err instanceof YamlValidationError)) throw err;
      problems.push(...err.errors.map((e) => ({ file, line: e.line, message: e.message })));
    }
  }
  for (const file of files) {
    for (const other of files) {
      if (other === file) continue;
      for (const [key, path] of other.keys) {
        if (file.keys.has(key)) continue;
        problems.push({
          file: file.file,
          line: file.parsed.locate(path, 'key').line,
          message: `string "${key}" is missing (${other.file}:${other.parsed.locate(path, 'key').line} has it)`,
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
