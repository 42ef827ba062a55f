import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../display-path.ts';
import type { Problem } from '../problem.ts';
import { filesUnder } from './source-files.ts';

const LAYOUT = 'docs/plugins.md#the-folder';

/**
 * Other names for a folder of the one plugin layout: a reader who knows one plugin finds the same
 * part under the same name in every other. Folders named for a feature (pdf/, gateways/) are left alone.
 */
const INSTEAD: Record<string, string> = {
  api: 'provider-api/ (api.ts is what other plugins import; provider-api/ is your part of /api/v1)',
  present: 'view-models/', presenters: 'view-models/', presentation: 'view-models/', viewmodels: 'view-models/',
  queries: 'data/', service: 'data/', services: 'data/', repositories: 'data/', db: 'data/',
  lib: 'domain/ (rules with no database or HTTP) or data/ (queries and services)',
  utils: 'domain/ (rules with no database or HTTP) or data/ (queries and services)',
  helpers: 'domain/ (rules with no database or HTTP) or data/ (queries and services)',
  test: 'tests/', __tests__: 'tests/', spec: 'tests/', fixtures: 'test-fixtures/',
  templates: 'views/', i18n: 'locales/', public: 'assets/', static: 'assets/',
};

/** Top-level folders under another name than the layout's, and tests outside tests/. */
export function checkLayout(pluginDir: string): Problem[] {
  const problems: Problem[] = [];
  for (const entry of readdirSync(pluginDir, { withFileTypes: true })) {
    const instead = entry.isDirectory() ? INSTEAD[entry.name] : undefined;
    if (instead) problems.push({ file: displayPath(join(pluginDir, entry.name)), line: 1, message: `${entry.name}/ is named ${instead} in the plugin layout (${LAYOUT})` });
  }
  for (const path of filesUnder(pluginDir, /\.test\.(ts|mts|js|mjs)$/)) {
    const inside = path.slice(pluginDir.length + 1).split(/[\\/]/)[0];
    if (inside !== 'tests' && inside !== 'test-fixtures') problems.push({ file: displayPath(path), line: 1, message: `tests live in tests/ (${LAYOUT})` });
  }
  return problems;
}

