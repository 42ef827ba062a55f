import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { REPO_ROOT } from '../../config/load-config.ts';
import { byPosition, type Problem } from '../problem.ts';
import type { PluginFolder } from '../theme-check/template-chain.ts';
import { checkImports } from './check-imports.ts';
import { checkLayout } from './check-layout.ts';
import { checkLocales } from './check-locales.ts';
import { manifestIn } from '../../plugins/discover-plugins.ts';
import { checkManifest, nameWritten } from './check-manifest.ts';
import { checkMigrations } from './check-migrations.ts';
import { checkPermissions } from './check-permissions.ts';
import { checkTemplates } from './check-templates.ts';
import { blankComments, readSources } from './source-files.ts';

export interface PluginCheckResult {
  name: string;
  problems: Problem[];
}

/**
 * Everything `portal plugin check` finds wrong with the plugin in `dir`, sorted by file and line.
 * `others` are the install's plugin folders, which templates and partials may come from.
 */
export async function checkPlugin(dir: string, others: PluginFolder[]): Promise<PluginCheckResult> {
  const files = readSources(dir);
  const manifest = await checkManifest(dir, basename(dir), files);
  const plugin = { name: manifest.name, dir };
  const declared = manifest.definition ? new Set((manifest.definition.permissions ?? []).map((p) => p.id)) : undefined;
  const problems = [
    ...manifest.problems,
    ...checkImports(dir, files),
    ...checkPermissions(files, manifest.name, declared),
    ...checkTemplates({ plugin, plugins: [plugin, ...others.filter((o) => o.dir !== dir && o.name !== plugin.name)], coreViewsDir: join(REPO_ROOT, 'core', 'views'), files }),
    ...checkLocales(dir),
    ...checkMigrations(dir),
    ...checkLayout(dir),
  ];
  return { name: manifest.name, problems: problems.sort(byPosition) };
}

/** A plugin folder's name as its manifest writes it, read without running the manifest. */
export function writtenPluginName(dir: string): string {
  const manifest = manifestIn(dir);
  return (manifest && nameWritten(blankComments(readFileSync(manifest, 'utf8')))) || basename(dir);
}
