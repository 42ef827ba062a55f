import { join, relative, sep } from 'node:path';
import type { LoadedPlugin } from '../../plugins/define-plugin.ts';
import { listTemplates } from '../../views/view-engine.ts';

/** All the chain needs of a plugin; `plugin check` knows the others' folders without loading them. */
export type PluginFolder = Pick<LoadedPlugin, 'name' | 'dir'>;

/**
 * Template name → the file a tenant of this theme (or of none, for `plugin check`) gets, by the
 * view engine's rule: the tenant's own file (when given), else the theme's, else the plugin's
 * (for `<plugin>/…`), else core's.
 */
export function effectiveTemplates(
  themeDir: string | undefined,
  plugins: PluginFolder[],
  coreViewsDir: string,
  tenantViewsDir?: string,
): Map<string, string> {
  const chosen = new Map<string, string>();
  const add = (dir: string, prefix: string) => {
    for (const file of listTemplates(dir)) chosen.set(prefix + templateName(dir, file), file);
  };
  add(coreViewsDir, '');
  for (const plugin of plugins) add(join(plugin.dir, 'views'), `${plugin.name}/`);
  if (themeDir) add(join(themeDir, 'templates'), '');
  if (tenantViewsDir) add(tenantViewsDir, '');
  return chosen;
}

/**
 * Partials are the templates under a `partials/` folder, registered without that folder:
 * `partials/header` is `{{> header}}`, a plugin's `faq/partials/item` is `{{> faq/item}}`.
 */
export function partialNames(templates: Map<string, string>, plugins: PluginFolder[]): Set<string> {
  const names = new Set<string>();
  const pluginPrefixes = plugins.map((p) => `${p.name}/partials/`);
  for (const name of templates.keys()) {
    if (name.startsWith('partials/')) names.add(name.slice('partials/'.length));
    const prefix = pluginPrefixes.find((p) => name.startsWith(p));
    if (prefix) names.add(`${prefix.slice(0, -'partials/'.length)}${name.slice(prefix.length)}`);
  }
  return names;
}

function templateName(dir: string, file: string): string {
  return relative(dir, file).split(sep).join('/').replace(/\.hbs$/, '');
}
