import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseCommandArgs } from '../args.ts';
import { CliError, UsageError } from '../cli-error.ts';
import { displayPath } from '../display-path.ts';
import type { Io } from '../io.ts';
import { PLUGIN_NAME, scaffoldFiles } from '../plugin-scaffold/scaffold-files.ts';

export const usage = 'portal plugin new <name> [--dir plugins]';
export const summary = 'Write a new plugin that works and passes its own test, to start from';

export async function pluginNew(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { dir: { type: 'string' } }, usage, true);
  if (values.help) {
    io.out(`Usage: ${usage}\n\n${summary}: manifest, settings, migration, customer page, dashboard card,\nstaff screen with its permission, job, es-AR and en strings, and a test. --dir is the\nfolder of plugins to write it in (default: plugins).`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('give the new plugin\'s name, e.g. "portal plugin new outage-notices"', usage);
  const [name] = positionals;
  if (!PLUGIN_NAME.test(name)) {
    throw new UsageError(`"${name}" cannot name a plugin: use lowercase letters, digits and single dashes, starting with a letter (e.g. outage-notices)`, usage);
  }
  const dir = join(resolve(values.dir ?? 'plugins'), name);
  if (existsSync(dir)) throw new CliError(`${displayPath(dir)} already exists: choose another name, or remove that folder first`);

  const files = scaffoldFiles(name);
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content, { flag: 'wx' });
  }
  io.out(`Created plugin "${name}" in ${displayPath(dir)}:`);
  for (const path of [...files.keys()].sort()) io.out(`  ${path}`);
  io.out(`\nRun its test with: npx vitest run ${displayPath(join(dir, 'tests', `${name}.test.ts`))}`);
  io.out(`Check it with: portal plugin check ${name}`);
  io.out(`Enable it in a tenant file under "plugins:" (${name}: {}) and restart the portal.`);
  return 0;
}
