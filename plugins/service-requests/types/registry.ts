import { type PortalServices, defineExtensionPoint, type Contributed, type Tenant } from 'portal/sdk';
import type { RequestType } from './contract.ts';

export const PLUGIN = 'service-requests';

/**
 * Where plugins add request types: `contributes: [requestTypeExtension.contribute(planChange, …)]`
 * in their manifest (with service-requests in dependsOn or optionalDependsOn).
 */
export const requestTypeExtension = defineExtensionPoint<RequestType>(PLUGIN, 'request-types', (item) =>
  (item as RequestType | null)?.kind === 'service-request-type' ? null : 'service-requests takes what defineRequestType() returns',
);

/**
 * The request types of one portal: what the installed plugins contributed, collected at start.
 * Which types a tenant offers is decided per request (`forTenant`), so one process serving many
 * tenants holds each type once.
 */
export class RequestTypeRegistry {
  readonly #types = new Map<string, RequestType>();

  constructor(contributed: readonly Contributed<RequestType>[]) {
    for (const { plugin, item: type } of contributed) {
      // The type says which plugin must be enabled to offer it: only that plugin may say so.
      if (type.plugin !== plugin) throw new Error(`request type "${type.id}" names plugin "${type.plugin}" but plugin "${plugin}" contributes it`);
      const known = this.#types.get(type.id);
      if (known) throw new Error(`request type "${type.id}" of plugin "${plugin}" is already declared by plugin "${known.plugin}"`);
      this.#types.set(type.id, type);
    }
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

/** What service-requests provides to the host and other plugins (`portal.plugins.get('service-requests')`). */
export interface ServiceRequestsProvides {
  requestTypes: RequestTypeRegistry;
}

/** This portal's request types. */
export function requestTypesOf(portal: Pick<PortalServices, 'plugins'>): RequestTypeRegistry {
  return portal.plugins.get<ServiceRequestsProvides>(PLUGIN).requestTypes;
}
