import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const TENANT_FILE = /\.ya?ml$/;

/** The tenant files of a folder, in name order (which decides nothing: see hostname-claims.ts). */
export function tenantFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => TENANT_FILE.test(f))
    .sort()
    .map((f) => join(dir, f));
}
