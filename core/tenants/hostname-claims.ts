import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';
import type { DataPath } from '../schema/yaml-validate.ts';
import type { Tenant } from './tenant.ts';
import type { TenantValidator } from './load-tenant.ts';

/** One hostname a tenant file asks for, and where in the file it asks. */
export interface HostnameClaim {
  host: string;
  tenant: string;
  file: string;
  path: DataPath;
}

/** A tenant file as far as it could be read: the tenant, or why not. */
export type ReadTenantFile = { id: string; file: string; tenant: Tenant } | { id: string; file: string; error: Error };

export function tenantIdOf(file: string): string {
  return basename(file).replace(/\.ya?ml$/, '');
}

export function readTenantFile(validator: TenantValidator, file: string): ReadTenantFile {
  try {
    return { id: tenantIdOf(file), file, tenant: validator.loadFile(file) };
  } catch (err) {
    return { id: tenantIdOf(file), file, error: err as Error };
  }
}

/**
 * Every hostname the tenant answers at: each brand's hostnames and, outside production,
 * `<brand id>.localhost` (the default brand's id is the tenant's).
 */
export function claimsOf(read: ReadTenantFile, devHostnames: boolean): HostnameClaim[] {
  if ('tenant' in read) {
    return read.tenant.brands.flatMap((brand, i) => {
      const base: DataPath = i === 0 ? [] : ['brands', i - 1];
      const claims = brand.hostnames.map((host, j) => ({ host, tenant: read.id, file: read.file, path: [...base, 'hostnames', j] }));
      if (devHostnames) claims.push({ host: `${brand.id}.localhost`, tenant: read.id, file: read.file, path: [...base, 'id'] });
      return claims;
    });
  }
  return brokenFileClaims(read.id, read.file, devHostnames);
}

/**
 * What can be read of a broken file's hostnames: a file with a typo somewhere still says which
 * hostnames it means, and another file must not take them meanwhile.
 */
function brokenFileClaims(id: string, file: string, devHostnames: boolean): HostnameClaim[] {
  const claims: HostnameClaim[] = [];
  const add = (host: unknown, path: DataPath) => {
    if (typeof host === 'string') claims.push({ host: host.toLowerCase(), tenant: id, file, path });
  };
  let raw: Record<string, unknown> | null = null;
  try {
    raw = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
  } catch {
    // unreadable YAML: only the development hostname is known
  }
  if (Array.isArray(raw?.hostnames)) (raw.hostnames as unknown[]).forEach((h, j) => add(h, ['hostnames', j]));
  if (devHostnames) add(`${id}.localhost`, ['id']);
  if (Array.isArray(raw?.brands)) {
    (raw.brands as unknown[]).forEach((entry, i) => {
      const b = entry as { hostnames?: unknown; id?: unknown } | null;
      if (Array.isArray(b?.hostnames)) (b.hostnames as unknown[]).forEach((h, j) => add(h, ['brands', i, 'hostnames', j]));
      if (devHostnames && typeof b?.id === 'string') add(`${b.id.toLowerCase()}.localhost`, ['brands', i, 'id']);
    });
  }
  return claims;
}

/** Hostnames that more than one tenant claims, with every claim on each. */
export function contestedHostnames(claims: HostnameClaim[]): Map<string, HostnameClaim[]> {
  const byHost = new Map<string, HostnameClaim[]>();
  for (const claim of claims) byHost.set(claim.host, [...(byHost.get(claim.host) ?? []), claim]);
  for (const [host, list] of byHost) {
    if (new Set(list.map((c) => c.tenant)).size < 2) byHost.delete(host);
  }
  return byHost;
}

/** A claim the portal will not honour, and why, in words for the file's author. */
export interface RefusedClaim {
  claim: HostnameClaim;
  message: string;
}

/**
 * Who gets a hostname two tenants claim. File names never decide: a hostname stays with the
 * tenant recorded as serving it before (`owners`, from the database), if that tenant still
 * claims it, and every other claimant is refused; with no such tenant, every claimant is refused.
 * So a new or edited file can never take a hostname that is live, and a conflict never moves
 * one. `owners` undefined means nobody knows who served what (checking files without the
 * database): every claim on a contested hostname is reported.
 * Returns the refused claims by tenant id.
 */
export function refuseContested(contested: Map<string, HostnameClaim[]>, owners?: ReadonlyMap<string, string>): Map<string, RefusedClaim[]> {
  const refused = new Map<string, RefusedClaim[]>();
  for (const [host, claims] of contested) {
    const recorded = owners?.get(host);
    const keeper = claims.find((c) => c.tenant === recorded);
    for (const claim of claims) {
      if (claim.tenant === keeper?.tenant) continue;
      const others = claims.filter((c) => c.tenant !== claim.tenant);
      const names = [...new Map(others.map((c) => [c.tenant, `tenant "${c.tenant}" (${c.file})`])).values()].join(', ');
      let message: string;
      if (keeper) message = `hostname "${host}" belongs to tenant "${keeper.tenant}" (${keeper.file}), which served it first; this tenant stays offline until one of the files drops it`;
      else if (owners) message = `hostname "${host}" is also claimed by ${names}, and none of them served it before: all of them stay offline until only one file claims it`;
      else message = `hostname "${host}" is also claimed by ${names}; at start the tenant that already serves it keeps it and any other is refused (all of them, if none does)`;
      refused.set(claim.tenant, [...(refused.get(claim.tenant) ?? []), { claim, message }]);
    }
  }
  return refused;
}
