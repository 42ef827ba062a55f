import type { LoadedPlugin } from '../plugins/define-plugin.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { ImportKind } from '../import/import-kind.ts';
import type { ApiResource, PluginApi, WebhookEventSource } from './contract.ts';

/** A part of the API and who declared it: `core` or a plugin's name. */
export interface ApiContribution {
  owner: string;
  api: PluginApi;
}

type Owned<T> = T & { owner: string };

const NAME = /^[a-z][a-z0-9-]*$/;
const EVENT = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

/**
 * Core's API and every plugin's, checked once at start: resource names, webhook events and import
 * kinds are each unique, so a plugin can never hand out another's scope or shadow its events.
 * Per tenant only core's and the enabled plugins' parts exist.
 */
export class ApiRegistry {
  readonly contributions: ApiContribution[];

  constructor(core: PluginApi, plugins: LoadedPlugin[]) {
    this.contributions = [
      { owner: 'core', api: core },
      ...plugins.filter((p) => p.definition.api).map((p) => ({ owner: p.name, api: p.definition.api! })),
    ];
    unique(this.contributions, (a) => a.resources ?? [], (r) => r.name, 'API resource', NAME);
    unique(this.contributions, (a) => a.webhooks ?? [], (w) => w.event, 'webhook event', EVENT);
    unique(this.contributions, (a) => a.imports ?? [], (k) => k.kind, 'import kind', NAME);
  }

  enabled(tenant: Tenant): ApiContribution[] {
    return this.contributions.filter((c) => c.owner === 'core' || tenant.plugins.has(c.owner));
  }

  resources(tenant: Tenant): Owned<ApiResource>[] {
    return this.enabled(tenant).flatMap((c) => (c.api.resources ?? []).map((r) => ({ ...r, owner: c.owner })));
  }

  webhookEvents(tenant: Tenant): Owned<WebhookEventSource>[] {
    return this.enabled(tenant).flatMap((c) => (c.api.webhooks ?? []).map((w) => ({ ...w, owner: c.owner })));
  }

  importKinds(tenant: Tenant): { owner: string; kind: ImportKind }[] {
    return this.enabled(tenant).flatMap((c) => (c.api.imports ?? []).map((kind) => ({ owner: c.owner, kind })));
  }

  /** Every declared ajv format; names are global, so a second definition of one name refuses to start. */
  formats(): Record<string, (value: string) => boolean> {
    const out: Record<string, (value: string) => boolean> = {};
    for (const c of this.contributions) {
      for (const [name, check] of Object.entries(c.api.formats ?? {})) {
        if (out[name] && out[name] !== check) throw new Error(`ajv format "${name}" is declared by two parts of the API`);
        out[name] = check;
      }
    }
    return out;
  }
}

function unique<T>(contributions: ApiContribution[], items: (api: PluginApi) => T[], name: (item: T) => string, what: string, pattern: RegExp): void {
  const seen = new Map<string, string>();
  for (const c of contributions) {
    for (const item of items(c.api)) {
      const n = name(item);
      if (!pattern.test(n)) throw new Error(`${c.owner}: ${what} "${n}" must match ${pattern}`);
      const other = seen.get(n);
      if (other) throw new Error(`${what} "${n}" is declared by both ${other} and ${c.owner}`);
      seen.set(n, c.owner);
    }
  }
}
