import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { CORE_DIR, loadInstall } from '../../portal.ts';
import { parseCommandArgs } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError } from '../cli-error.ts';
import { displayPath } from '../display-path.ts';
import type { Io } from '../io.ts';
import { tenantFilesIn } from '../tenant-files.ts';
import { checkTheme } from '../theme-check/check-theme.ts';
import { formatProblem } from '../problem.ts';

export const usage = 'portal theme check [name|folder] [--config file]';
export const summary = 'Check a theme (default: every theme): required templates, partials, theme settings';

export async function themeCheck(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, usage, true);
  if (values.help) {
    io.out(`Usage: ${usage}\n\n${summary}, and the themeSettings of each tenant using it.\nPrints one "file:line: message" line per problem.`);
    return 0;
  }
  const config = await loadCliConfig({ file: values.config, needsSecret: false, quiet: true, checksOnly: true });
  const { plugins } = await loadInstall(config);
  const dirs = positionals.length ? positionals.map((p) => themeDir(p, config.themesDir)) : allThemes(config.themesDir);
  if (dirs.length === 0) throw new CliError(`no themes (folders with a theme.yaml) in ${displayPath(config.themesDir)}`);

  const tenantFiles = tenantFilesIn(config.tenantsDir);
  let failed = 0;
  for (const dir of dirs) {
    const problems = checkTheme({ themeDir: dir, plugins, coreViewsDir: join(CORE_DIR, 'views'), tenantFiles });
    if (problems.length === 0) {
      io.out(`OK theme ${basename(dir)} (${displayPath(dir)})`);
      continue;
    }
    failed++;
    for (const p of problems) io.out(formatProblem(p));
    io.err(`theme ${basename(dir)}: ${problems.length} problem(s)`);
  }
  return failed > 0 ? 1 : 0;
}

/** A name is looked up in themesDir; anything that looks like a path is taken as the folder itself. */
function themeDir(arg: string, themesDir: string): string {
  const asPath = arg.includes(sep) || arg.includes('/') || arg.startsWith('.');
  const dir = asPath ? resolve(arg) : join(themesDir, arg);
  if (existsSync(join(dir, 'theme.yaml'))) return dir;
  if (asPath) throw new CliError(`${arg}: not a theme folder (no theme.yaml)`);
  const known = allThemes(themesDir).map((d) => basename(d));
  throw new CliError(`unknown theme "${arg}"; available: ${known.join(', ') || '(none)'}`);
}

function allThemes(themesDir: string): string[] {
  if (!existsSync(themesDir)) return [];
  return readdirSync(themesDir)
    .sort()
    .map((name) => join(themesDir, name))
    .filter((dir) => existsSync(join(dir, 'theme.yaml')));
}
