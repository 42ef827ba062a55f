import { REPO_ROOT } from '../config/load-config.ts';
import { discoverPlugins } from '../plugins/discover-plugins.ts';
import type { PluginCommand } from '../plugins/define-plugin.ts';
import { loadCliConfig } from './cli-config.ts';

/**
 * The commands of the install's plugins (`portal invoices render`). Finding them means reading
 * the host configuration for where plugins live and loading their manifests, so this only runs
 * when no core command matched, or for --help.
 */
export async function pluginCommands(argv: string[]): Promise<PluginCommand[]> {
  const config = await loadCliConfig({ file: configFile(argv), needsSecret: false, quiet: true, checksOnly: true });
  const plugins = await discoverPlugins({ paths: config.pluginPaths, packages: config.pluginPackages, root: REPO_ROOT });
  return plugins.flatMap((p) => p.definition.commands ?? []);
}

/** `--config file` or `--config=file` anywhere on the line, as the command itself will read it. */
function configFile(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--config') return argv[i + 1];
    if (argv[i].startsWith('--config=')) return argv[i].slice('--config='.length);
  }
  return undefined;
}
