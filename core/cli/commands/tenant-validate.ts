import { loadInstall } from '../../portal.ts';
import { parseCommandArgs } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError } from '../cli-error.ts';
import { displayPath } from '../display-path.ts';
import type { Io } from '../io.ts';
import { checkTenantFile, HostnameClaims } from '../check-tenant-file.ts';
import { expandTenantArgs, tenantFilesIn } from '../tenant-files.ts';

export const usage = 'portal tenant validate [file|folder …] [--config file]';
export const summary = 'Check tenant files (default: every file in tenantsDir) without opening the database';

/** Exit 1 when any file has a problem, so CI can gate on it. */
export async function tenantValidate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, usage, true);
  if (values.help) return help(io);
  const config = await loadCliConfig({ file: values.config, needsSecret: false, quiet: true, checksOnly: true });
  const { validator } = await loadInstall(config);
  const files = positionals.length ? expandTenantArgs(positionals) : tenantFilesIn(config.tenantsDir).map(displayPath);
  if (files.length === 0) throw new CliError(`no tenant files (*.yaml) in ${displayPath(config.tenantsDir)}`);

  const claims = new HostnameClaims(validator, [...tenantFilesIn(config.tenantsDir).map(displayPath), ...files], config.env !== 'production');
  let failed = 0;
  for (const file of files) {
    const { problems, warnings } = checkTenantFile(validator, file, claims);
    for (const line of warnings) io.out(line);
    if (problems.length === 0) {
      io.out(`OK ${file}${warnings.length ? ` (${warnings.length} warning${warnings.length > 1 ? 's' : ''})` : ''}`);
      continue;
    }
    failed++;
    for (const line of problems) io.out(line);
  }
  if (failed > 0) io.err(`${failed} of ${files.length} tenant file(s) have errors`);
  return failed > 0 ? 1 : 0;
}

function help(io: Io): number {
  io.out(`Usage: ${usage}\n\n${summary}.\nPrints "OK <file>" or one "file:line:col field: message" line per problem; warnings (a text\nwithout a language the tenant offers, which shows the default language's) do not fail a file.`);
  return 0;
}
