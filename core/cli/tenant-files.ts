import { existsSync, statSync } from 'node:fs';
import { tenantFilesIn } from '../tenants/tenant-files.ts';
import { CliError } from './cli-error.ts';

export { tenantFilesIn };

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
