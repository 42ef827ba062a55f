import type { Tenant } from 'portal/sdk';
import type { RequestType } from './contract.ts';

export const PLUGIN = 'service-requests';

/**
 * Every request type declared in this process. Plugins register theirs when their module loads;
 * a plugin declaring types depends on this one, so this module is always evaluated first.
 * Which types a tenant offers is decided per request (`forTenant`), so one process serving many
 * tenants holds each type once.
 */
export class RequestTypeRegistry {
  readonly #types = new Map<string, RequestType>();

  register(type: RequestType): RequestType {
    if (type?.kind !== 'service-request-type') throw new Error('registerRequestType() takes what defineRequestType() returns');
    const known = this.#types.get(type.id);
    // The same plugin loading again (a development reload) replaces its type; another plugin may not take it.
    if (known && known.plugin !== type.plugin) {
      throw new Error(`request type "${type.id}" of plugin "${type.plugin}" is already declared by plugin "${known.plugin}"`);
    }
    this.#types.set(type.id, type);
    return type;
  }

  get(id: string): RequestType | undefined {
    return this.#types.get(id);
  }

  all(): RequestType[] {
    return [...this.#types.values()].sort(byOrder);
  }

  /** The types a tenant offers: this plugin and the declaring one enabled, and not switched off in settings. */
  forTenant(tenant: Tenant): RequestType[] {
    const settings = tenant.plugins.get(PLUGIN) as { disabledTypes?: string[] } | undefined;
    if (!settings) return [];
    const off = new Set(settings.disabledTypes ?? []);
    return this.all().filter((t) => tenant.plugins.has(t.plugin) && !off.has(t.id));
  }

  /** A type by id, only if the tenant offers it (anything else is a 404 to the caller). */
  offered(tenant: Tenant, id: string): RequestType | undefined {
    return this.forTenant(tenant).find((t) => t.id === id);
  }
}

function byOrder(a: RequestType, b: RequestType): number {
  return (a.order ?? 500) - (b.order ?? 500) || a.id.localeCompare(b.id);
}

// A plugin installed from npm may reach this module through another path; the registry must
// still be one per process, or its types would never be offered.
const KEY = Symbol.for('portal.service-requests.registry');
const holder = globalThis as { [KEY]?: RequestTypeRegistry };

export const requestTypes: RequestTypeRegistry = (holder[KEY] ??= new RequestTypeRegistry());

/** Called by a plugin at load time with what defineRequestType returned. */
export function registerRequestType(type: RequestType): RequestType {
  return requestTypes.register(type);
}
