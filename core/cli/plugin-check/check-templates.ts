import { join } from 'node:path';
import { readLocaleFile } from '../../i18n/i18n.ts';
import { LOCALES } from '../../tenants/tenant-schema.ts';
import { listTemplates } from '../../views/view-engine.ts';
import { displayPath } from '../display-path.ts';
import type { Problem } from '../problem.ts';
import { scanTemplateFile, unresolvedPartials } from '../theme-check/scan-template.ts';
import { effectiveTemplates, partialNames, type PluginFolder } from '../theme-check/template-chain.ts';
import { findAll, type SourceFile } from './source-files.ts';

/**
 * Template names written in the code: pages, staff pages, dashboard cards and emails, renders.
 * A `template:` value is a name only with a folder in it (`tickets/card`): alone it is often
 * something else (a PDF layout, a short name a helper completes).
 */
const REFERENCES = [
  /\.(?:page|staffPage)\(\s*['"]([^'"\n]+)['"]/g,
  /\btemplate:\s*['"]([a-z][\w-]*\/[^'"\n]+)['"]/g,
  /\bviews\.render\([^\n]*?,\s*['"]([a-z][\w-]*\/[^'"\n]+)['"]/g,
];

export interface TemplateCheckInput {
  plugin: PluginFolder;
  /** Every plugin of the install (this one included): a name `<plugin>/…` may be another's. */
  plugins: PluginFolder[];
  coreViewsDir: string;
  files: SourceFile[];
}

/**
 * Each template the code names exists in the plugin's views (or another plugin's, or core's),
 * each partial the plugin's templates use is in some `views/partials/`, and each string they
 * translate is in some locales file (that every language has it is checkLocales' job). Themes and tenants may
 * restyle a template, never provide a missing one: a page that works only under one theme is a bug.
 */
export function checkTemplates(input: TemplateCheckInput): Problem[] {
  const templates = effectiveTemplates(undefined, input.plugins, input.coreViewsDir);
  const problems: Problem[] = findAll(input.files, REFERENCES[0])
    .concat(findAll(input.files, REFERENCES[1]), findAll(input.files, REFERENCES[2]))
    .filter(({ value }) => !templates.has(value))
    .map(({ file, value, line }) => ({ file: displayPath(file.path), line, message: `template "${value}" not found: ${whereExpected(value, input)}` }));

  const partials = partialNames(templates, input.plugins);
  const strings = knownStrings(input);
  for (const path of listTemplates(join(input.plugin.dir, 'views')).sort()) {
    const refs = scanTemplateFile(path);
    if (!('partials' in refs)) {
      problems.push(refs);
      continue;
    }
    problems.push(...unresolvedPartials(path, refs, partials, (name) => whereExpected(name, input, 'partials/')));
    for (const { key, line } of refs.strings) {
      if (strings.has(key)) continue;
      problems.push({ file: displayPath(path), line, message: `string "${key}" is in no locales file: ${whereExpected(key, input, '', 'locales')}` });
    }
  }
  return problems;
}

function whereExpected(name: string, input: TemplateCheckInput, folder = '', kind: 'views' | 'locales' = 'views'): string {
  const [first, ...rest] = name.split(kind === 'views' ? '/' : '.');
  const owner = input.plugins.find((p) => p.name === first);
  if (kind === 'locales') return owner ? `${displayPath(join(owner.dir, 'locales'))} has no "${rest.join('.')}"` : `no plugin is named "${first}" and core has no such string`;
  if (owner) return `no ${displayPath(join(owner.dir, 'views', folder, `${rest.join('/')}.hbs`))}`;
  return `no plugin is named "${first}" and core has no ${displayPath(join(input.coreViewsDir, folder, `${name}.hbs`))}`;
}

/** Every key `{{t}}` can find: core's strings and each plugin's under its name, in any language. */
function knownStrings(input: TemplateCheckInput): Set<string> {
  const sources = [{ dir: join(input.coreViewsDir, '..', 'locales'), prefix: '' }, ...input.plugins.map((p) => ({ dir: join(p.dir, 'locales'), prefix: p.name }))];
  return new Set(LOCALES.flatMap((locale) => sources.flatMap((s) => Object.keys(readLocaleFile(s.dir, locale, s.prefix)))));
}
