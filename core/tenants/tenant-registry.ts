import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Brand, BrokenTenant, Tenant } from './tenant.ts';
import type { TenantValidator } from './load-tenant.ts';

export interface Resolved {
  tenant: Tenant;
  brand: Brand;
}

export interface LoadOptions {
  dir: string;
  validator: TenantValidator;
  /** Outside production every tenant also answers at `<id>.localhost` (and each brand at `<brand>.localhost`). */
  devHostnames: boolean;
}

/** All tenants of the install and the hostname → (tenant, brand) map. */
export class TenantRegistry {
  readonly tenants = new Map<string, Tenant>();
  readonly broken = new Map<string, BrokenTenant>();
  readonly #hosts = new Map<string, Resolved>();
  readonly #brokenHosts = new Map<string, BrokenTenant>();

  static load(opts: LoadOptions): TenantRegistry {
    const registry = new TenantRegistry();
    const files = existsSync(opts.dir) ? readdirSync(opts.dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
    for (const name of files) {
      const file = join(opts.dir, name);
      try {
        registry.add(opts.validator.loadFile(file), opts.devHostnames);
      } catch (err) {
        registry.addBroken(file, err as Error, opts.devHostnames);
      }
    }
    return registry;
  }

  add(tenant: Tenant, devHostnames: boolean): void {
    const claims: [string, Brand][] = [];
    for (const brand of tenant.brands) {
      for (const host of brand.hostnames) claims.push([host, brand]);
      if (devHostnames) claims.push([`${brand.id}.localhost`, brand]);
    }
    for (const [host] of claims) {
      const owner = this.#hosts.get(host);
      if (owner && owner.tenant.id !== tenant.id) {
        throw new Error(`${tenant.file}: hostname "${host}" is already used by tenant "${owner.tenant.id}"`);
      }
    }
    for (const [host, brand] of claims) this.#hosts.set(host, { tenant, brand });
    this.tenants.set(tenant.id, tenant);
  }

  /** Keeps what can be read of a broken file (its hostnames) so those hosts answer 503, not 404. */
  addBroken(file: string, error: Error, devHostnames: boolean): void {
    const id = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
    let hostnames: string[] = [];
    try {
      const raw = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
      if (Array.isArray(raw?.hostnames)) hostnames = raw.hostnames.filter((h): h is string => typeof h === 'string');
    } catch {
      // unreadable YAML: only the development hostname is known
    }
    if (devHostnames) hostnames.push(`${id}.localhost`);
    const broken: BrokenTenant = { id, file, hostnames: hostnames.map((h) => h.toLowerCase()), error: error.message };
    this.broken.set(id, broken);
    for (const host of broken.hostnames) if (!this.#hosts.has(host)) this.#brokenHosts.set(host, broken);
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

function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon > -1 ? host.slice(0, colon) : host;
}

export function isResolved(x: Resolved | BrokenTenant | undefined): x is Resolved {
  return Boolean(x && 'tenant' in x);
}
