import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { addLocalizedText } from '../../schema/localized-text-schema.ts';
import { addFormats } from '../../schema/add-formats.ts';
import type { LoadedPlugin } from '../../plugins/define-plugin.ts';
import { locateAjvErrors, parseYaml, YamlValidationError } from '../../schema/yaml-validate.ts';
import { displayPath } from '../display-path.ts';
import type { Problem } from '../problem.ts';
import { byPosition } from '../problem.ts';
import { readThemeManifest, type ThemeManifest } from './read-theme.ts';
import { scanTemplateFile, unresolvedPartials } from './scan-template.ts';
import { effectiveTemplates, partialNames } from './template-chain.ts';

/** Rendered by core for every page and email, so some folder of the chain must provide them. */
const CORE_LAYOUTS = ['layouts/main', 'layouts/email'];

export interface ThemeCheckInput {
  themeDir: string;
  plugins: LoadedPlugin[];
  coreViewsDir: string;
  /** All tenant files of the install; those naming this theme get their themeSettings checked. */
  tenantFiles: string[];
}

/** Everything `portal theme check` finds wrong with one theme, sorted by file and line. */
export function checkTheme(input: ThemeCheckInput): Problem[] {
  const theme = readThemeManifest(input.themeDir);
  if (Array.isArray(theme)) return theme;
  const templates = effectiveTemplates(theme.dir, input.plugins, input.coreViewsDir);
  const problems = [
    ...missingRequired(theme),
    // A layout the theme lists as required is already reported by missingRequired.
    ...CORE_LAYOUTS.filter((name) => !templates.has(name) && !theme.required.includes(name)).map((name) => ({
      file: theme.file,
      line: 1,
      message: `no folder of the chain provides "${name}.hbs", which core renders; add templates/${name}.hbs`,
    })),
    ...checkReferences(theme, templates, [...templates.values()], input.plugins),
  ];

  const validate = compileSettings(theme, problems);
  for (const file of input.tenantFiles) problems.push(...checkTenant(file, theme, validate, input));
  return unique(problems).sort(byPosition);
}

/** `{{#if themeSettings.x}}{{themeSettings.x}}{{/if}}` is one problem, not two. */
function unique(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}: ${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function missingRequired(theme: ThemeManifest): Problem[] {
  return theme.required.flatMap((name, i) =>
    existsSync(join(theme.dir, 'templates', `${name}.hbs`))
      ? []
      : [{
          file: theme.file,
          line: theme.parsed.locate(['required', i]).line,
          message: `required template "${name}" is missing: ${displayPath(join(theme.dir, 'templates', `${name}.hbs`))}`,
        }],
  );
}

/** Partials that resolve nowhere and theme settings the theme does not declare, in the given files. */
function checkReferences(theme: ThemeManifest, templates: Map<string, string>, files: string[], plugins: LoadedPlugin[]): Problem[] {
  const partials = partialNames(templates, plugins);
  const declared = new Set(Object.keys((theme.settings.properties as Record<string, unknown> | undefined) ?? {}));
  const problems: Problem[] = [];
  for (const path of files) {
    const file = displayPath(path);
    const refs = scanTemplateFile(path);
    if (!('partials' in refs)) {
      problems.push(refs);
      continue;
    }
    problems.push(...unresolvedPartials(path, refs, partials, (name) => `no partials/${name}.hbs in the theme, a plugin or core`));
    for (const { key, line } of refs.themeSettings) {
      if (declared.has(key)) continue;
      problems.push({ file, line, message: `themeSettings.${key} is not declared in the settings of ${theme.file}` });
    }
  }
  return problems;
}

function compileSettings(theme: ThemeManifest, problems: Problem[]): ValidateFunction | undefined {
  const ajv = addLocalizedText(addFormats(new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: false })));
  try {
    return ajv.compile(theme.settings);
  } catch (err) {
    problems.push({ file: theme.file, line: theme.parsed.locate(['settings']).line, message: `settings: ${(err as Error).message}` });
    return undefined;
  }
}

/** A tenant of this theme: valid themeSettings, and its own templates' references resolve. */
function checkTenant(path: string, theme: ThemeManifest, validate: ValidateFunction | undefined, input: ThemeCheckInput): Problem[] {
  const file = displayPath(path);
  let parsed;
  try {
    parsed = parseYaml(file, readFileSync(path, 'utf8'));
  } catch (err) {
    if (!(err instanceof YamlValidationError)) throw err;
    // Broken YAML is for `tenant validate` to explain; it cannot be said to use this theme.
    return [];
  }
  const data = (parsed.data ?? {}) as Record<string, unknown>;
  if ((data.theme ?? 'default') !== theme.name) return [];
  const problems: Problem[] = [];
  if (validate && !validate(structuredClone(data.themeSettings ?? {}))) {
    for (const e of locateAjvErrors(parsed, validate.errors ?? [], ['themeSettings'])) {
      problems.push({ file, line: e.line, message: `${e.field}: ${e.message}` });
    }
  }
  const viewsDir = typeof data.id === 'string' ? join(dirname(path), data.id, 'views') : undefined;
  if (viewsDir && existsSync(viewsDir)) {
    const withTenant = effectiveTemplates(theme.dir, input.plugins, input.coreViewsDir, viewsDir);
    const own = [...withTenant.values()].filter((f) => f.startsWith(viewsDir));
    problems.push(...checkReferences(theme, withTenant, own, input.plugins));
  }
  return problems;
}
