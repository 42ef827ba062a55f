import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { LoadedPlugin, PluginDefinition } from './define-plugin.ts';
import { orderPlugins, PluginGraphError } from './order-plugins.ts';
import { sdkMismatch } from './sdk-compatibility.ts';

export const MANIFEST_FILES = ['plugin.ts', 'plugin.js'];

/**
 * Finds plugins in folders (one plugin per sub-folder, or the folder itself, manifest in `plugin.ts`) and in npm
 * packages whose main export is a plugin, then returns them in dependency order.
 */
export async function discoverPlugins(opts: { paths: string[]; packages?: string[]; root?: string }): Promise<LoadedPlugin[]> {
  const found: LoadedPlugin[] = [];
  for (const base of opts.paths) {
    if (!existsSync(base)) continue;
    // A folder that is a plugin itself: a plugin's own repository names its root in its tests.
    const own = manifestIn(base);
    if (own) {
      found.push(await loadManifest(own, base));
      continue;
    }
    for (const entry of readdirSync(base).sort()) {
      const dir = join(base, entry);
      if (!statSync(dir).isDirectory()) continue;
      const manifest = manifestIn(dir);
      if (!manifest) continue;
      found.push(await loadManifest(manifest, dir));
    }
  }
  // A package is looked up from the portal's folder, then from each plugin folder: a folder of
  // third-party plugins can be an npm project of its own, its node_modules holding them and `portal`.
  const require = createRequire(join(opts.root ?? process.cwd(), 'package.json'));
  const lookIn = [opts.root ?? process.cwd(), ...opts.paths];
  for (const pkg of opts.packages ?? []) {
    const main = require.resolve(pkg, { paths: lookIn });
    const pkgDir = dirname(require.resolve(`${pkg}/package.json`, { paths: lookIn }));
    found.push(await loadManifest(main, pkgDir));
  }
  const seen = new Map<string, string>();
  for (const p of found) {
    const mismatch = sdkMismatch(p);
    if (mismatch) throw new PluginGraphError(mismatch);
    const other = seen.get(p.name);
    if (other) throw new PluginGraphError(`plugin "${p.name}" is defined twice: ${other} and ${p.dir}`);
    seen.set(p.name, p.dir);
  }
  return orderPlugins(found);
}

export function manifestIn(dir: string): string | undefined {
  return MANIFEST_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
}

export async function loadManifest(file: string, dir: string): Promise<LoadedPlugin> {
  const mod = (await import(pathToFileURL(file).href)) as { default?: PluginDefinition; plugin?: PluginDefinition };
  const definition = mod.default ?? mod.plugin;
  if (!definition || definition.kind !== 'portal-plugin') {
    throw new PluginGraphError(`${file} must export default definePlugin({...})`);
  }
  return { definition, name: definition.name, dir };
}
