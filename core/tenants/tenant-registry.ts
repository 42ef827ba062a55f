import { readFileSync } from 'node:fs';
import type { Brand, BrokenTenant, Tenant } from './tenant.ts';
import { at, type TenantValidator } from './load-tenant.ts';
import { claimsOf, contestedHostnames, readTenantFile, refuseContested, type HostnameClaim, type ReadTenantFile, type RefusedClaim } from './hostname-claims.ts';
import { tenantFilesIn } from './tenant-files.ts';
import { formatLocatedErrors, parseYaml } from '../schema/yaml-validate.ts';

export interface Resolved {
  tenant: Tenant;
  brand: Brand;
}

export interface LoadOptions {
  dir: string;
  validator: TenantValidator;
  /** Outside production every tenant also answers at `<id>.localhost` (and each brand at `<brand>.localhost`). */
  devHostnames: boolean;
  /**
   * Hostname → the tenant that served it before, as recorded in the database; it keeps the
   * hostname in a conflict. Undefined without a database: a conflict refuses every claimant.
   */
  owners?: ReadonlyMap<string, string>;
  /** The files as readTenantFiles already read them: a start that loads the registry twice reads each file once. */
  reads?: ReadTenantFile[];
}

/** Every tenant file of the folder, read and validated: the part of loading that costs per tenant. */
export function readTenantFiles(dir: string, validator: TenantValidator): ReadTenantFile[] {
  return tenantFilesIn(dir).map((file) => readTenantFile(validator, file));
}

/** All tenants of the install and the hostname → (tenant, brand) map. */
export class TenantRegistry {
  readonly tenants = new Map<string, Tenant>();
  readonly broken = new Map<string, BrokenTenant>();
  readonly #hosts = new Map<string, Resolved>();
  readonly #brokenHosts = new Map<string, BrokenTenant>();

  /** Reads every tenant file; hostname conflicts are settled by refuseContested, never by file order. */
  static load(opts: LoadOptions): TenantRegistry {
    const registry = new TenantRegistry();
    const reads = opts.reads ?? readTenantFiles(opts.dir, opts.validator);
    const claims = reads.map((read) => ({ read, claims: withRecordedHostnames(read, claimsOf(read, opts.devHostnames), opts.owners) }));
    const refused = refuseContested(contestedHostnames(claims.flatMap((c) => c.claims)), opts.owners);
    for (const { read, claims: own } of claims) {
      const refusals = refused.get(read.id);
      if ('tenant' in read && !refusals) registry.#add(read.tenant, opts.devHostnames);
      else registry.#addBroken(read, 'error' in read ? read.error.message : conflictError(read.file, refusals!), own);
    }
    return registry;
  }

  #add(tenant: Tenant, devHostnames: boolean): void {
    for (const brand of tenant.brands) {
      for (const host of brand.hostnames) this.#hosts.set(host, { tenant, brand });
      if (devHostnames) this.#hosts.set(`${brand.id}.localhost`, { tenant, brand });
    }
    this.tenants.set(tenant.id, tenant);
  }

  /** Hostnames of a tenant that is not loaded answer 503, not 404, and stay its own. */
  #addBroken(read: ReadTenantFile, error: string, claims: HostnameClaim[]): void {
    const broken: BrokenTenant = { id: read.id, file: read.file, hostnames: [...new Set(claims.map((c) => c.host))], error };
    this.broken.set(read.id, broken);
    for (const host of broken.hostnames) if (!this.#brokenHosts.has(host)) this.#brokenHosts.set(host, broken);
  }

  /** Every hostname a loaded tenant answers at, with that tenant's id. */
  servedHostnames(): [host: string, tenantId: string][] {
    return [...this.#hosts].map(([host, { tenant }]) => [host, tenant.id]);
  }

  /** Exact, case-insensitive match on the hostname; the port is ignored. */
  resolve(hostHeader: string | undefined): Resolved | BrokenTenant | undefined {
    if (!hostHeader) return undefined;
    const host = stripPort(hostHeader).toLowerCase();
    return this.#hosts.get(host) ?? this.#brokenHosts.get(host);
  }

  get(id: string): Tenant | undefined {
    return this.tenants.get(id);
  }

  list(): Tenant[] {
    return [...this.tenants.values()];
  }
}

/**
 * A broken file still holds the hostnames it served before, even those it can no longer be
 * read to name: fixing a typo must not find the tenant's hostname taken by another file.
 */
function withRecordedHostnames(read: ReadTenantFile, claims: HostnameClaim[], owners: ReadonlyMap<string, string> | undefined): HostnameClaim[] {
  if ('tenant' in read || !owners) return claims;
  const named = new Set(claims.map((c) => c.host));
  const recorded = [...owners].filter(([host, owner]) => owner === read.id && !named.has(host));
  return [...claims, ...recorded.map(([host]) => ({ host, tenant: read.id, file: read.file, path: [] }))];
}

/** The refusal as the file's other errors read: file:line:column field: message. */
function conflictError(file: string, refusals: RefusedClaim[]): string {
  const parsed = parseYaml(file, readFileSync(file, 'utf8'));
  return formatLocatedErrors(refusals.map(({ claim, message }) => at(parsed, claim.path, message)));
}

function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon > -1 ? host.slice(0, colon) : host;
}

export function isResolved(x: Resolved | BrokenTenant | undefined): x is Resolved {
  return Boolean(x && 'tenant' in x);
}
