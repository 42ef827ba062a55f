import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { JsonSchema } from '../../plugins/define-plugin.ts';
import { parseYaml, YamlValidationError, type ParsedYaml } from '../../schema/yaml-validate.ts';
import { displayPath } from '../display-path.ts';
import type { Problem } from '../problem.ts';

export interface ThemeManifest {
  name: string;
  dir: string;
  /** `theme.yaml` as shown in problems. */
  file: string;
  parsed: ParsedYaml;
  required: string[];
  settings: JsonSchema;
}

/** Reads `theme.yaml` keeping positions, which `loadThemes` (used when serving) does not need. */
export function readThemeManifest(dir: string): ThemeManifest | Problem[] {
  const file = displayPath(join(dir, 'theme.yaml'));
  let text: string;
  try {
    text = readFileSync(join(dir, 'theme.yaml'), 'utf8');
  } catch {
    return [{ file, line: 1, message: 'missing: a theme folder needs a theme.yaml' }];
  }
  let parsed: ParsedYaml;
  try {
    parsed = parseYaml(file, text);
  } catch (err) {
    if (!(err instanceof YamlValidationError)) throw err;
    return err.errors.map((e) => ({ file, line: e.line, message: e.message }));
  }
  const data = (parsed.data ?? {}) as Record<string, unknown>;
  const problems: Problem[] = [];
  const required = data.required ?? [];
  if (!Array.isArray(required) || required.some((r) => typeof r !== 'string')) {
    problems.push({ file, line: parsed.locate(['required']).line, message: 'required: must be a list of template names' });
  }
  const settings = data.settings ?? { type: 'object', additionalProperties: false, properties: {} };
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    problems.push({ file, line: parsed.locate(['settings']).line, message: 'settings: must be a JSON Schema object' });
  }
  if (problems.length) return problems;
  return { name: basename(dir), dir, file, parsed, required: required as string[], settings: settings as JsonSchema };
}
