import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { parseCommandArgs } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError } from '../cli-error.ts';
import { displayPath } from '../display-path.ts';
import type { Io } from '../io.ts';
import { manifestIn } from '../../plugins/discover-plugins.ts';
import { checkPlugin, writtenPluginName } from '../plugin-check/check-plugin.ts';
import { formatProblem } from '../problem.ts';

export const usage = 'portal plugin check [name|folder] [--config file]';
export const summary = 'Check a plugin (default: every plugin in pluginPaths) without starting the portal';

export async function pluginCheck(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, usage, true);
  if (values.help) {
    io.out(
      `Usage: ${usage}\n\n${summary}: the manifest loads and states its sdk range, the settings\n` +
        'schema is valid, permissions start with the plugin\'s name, templates and partials exist, every\n' +
        'language has the same strings, migrations are numbered without gaps, and only portal/sdk and\n' +
        'portal/testing are imported from the portal. Prints one "file:line: message" line per problem.',
    );
    return 0;
  }
  const config = await loadCliConfig({ file: values.config, needsSecret: false, quiet: true, checksOnly: true });
  const installed = config.pluginPaths.flatMap(pluginFolders);
  const known = installed.map((dir) => ({ name: writtenPluginName(dir), dir }));
  const dirs = positionals.length ? positionals.map((p) => pluginDir(p, known)) : installed;
  if (dirs.length === 0) throw new CliError(`no plugins (folders with a plugin.ts) in ${config.pluginPaths.map(displayPath).join(', ')}`);

  let failed = 0;
  for (const dir of dirs) {
    const { name, problems } = await checkPlugin(dir, known);
    if (problems.length === 0) {
      io.out(`OK plugin ${name} (${displayPath(dir)})`);
      continue;
    }
    failed++;
    for (const p of problems) io.out(formatProblem(p));
    io.err(`plugin ${name}: ${problems.length} problem(s)`);
  }
  return failed > 0 ? 1 : 0;
}

/** The plugins of one pluginPaths folder: itself when it holds a manifest, else its sub-folders that do. */
function pluginFolders(base: string): string[] {
  if (!existsSync(base)) return [];
  if (manifestIn(base)) return [base];
  return readdirSync(base)
    .sort()
    .map((entry) => join(base, entry))
    .filter((dir) => statSync(dir).isDirectory() && manifestIn(dir));
}

/** A name is looked up among the installed plugins; anything that looks like a path is the folder itself. */
function pluginDir(arg: string, known: { name: string; dir: string }[]): string {
  const asPath = arg.includes(sep) || arg.includes('/') || arg.startsWith('.');
  if (asPath) {
    const dir = resolve(arg);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`${arg}: no such folder`);
    return dir;
  }
  const found = known.find((p) => p.name === arg);
  if (found) return found.dir;
  throw new CliError(`unknown plugin "${arg}"; installed: ${known.map((p) => p.name).join(', ') || '(none)'}`);
}
