import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './cli-error.ts';

const TENANT_FILE = /\.ya?ml$/;

/** The tenant files of a folder, in the order the registry loads them. */
export function tenantFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => TENANT_FILE.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Command-line arguments to files: a folder stands for the tenant files in it. */
export function expandTenantArgs(args: string[]): string[] {
  return args.flatMap((arg) => {
    if (existsSync(arg) && statSync(arg).isDirectory()) {
      const files = tenantFilesIn(arg);
      if (files.length === 0) throw new CliError(`${arg}: no tenant files (*.yaml) in this folder`);
      return files;
    }
    return [arg];
  });
}
