import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from '../tenants/tenant.ts';
import type { EventHandler, LoadedPlugin, PortalServices } from '../plugins/define-plugin.ts';

interface Subscription {
  plugin: string;
  handler: EventHandler;
}

/**
 * In-process events between core and plugins. A handler runs only for tenants that enable its
 * plugin; handlers run in order and a failing one is logged without stopping the others.
 * Work that must survive a crash belongs in the mail outbox or a job, not here.
 */
export class EventBus {
  readonly #subs = new Map<string, Subscription[]>();
  #services?: PortalServices;
  #log: { error(obj: unknown, msg: string): void };

  constructor(log: { error(obj: unknown, msg: string): void }) {
    this.#log = log;
  }

  attach(plugins: LoadedPlugin[], services: PortalServices): void {
    this.#services = services;
    for (const p of plugins) {
      for (const [event, handler] of Object.entries(p.definition.events ?? {})) this.on(event, p.name, handler);
    }
  }

  on(event: string, plugin: string, handler: EventHandler): void {
    const list = this.#subs.get(event) ?? [];
    list.push({ plugin, handler });
    this.#subs.set(event, list);
  }

  async emit(tenant: Tenant, em: EntityManager, event: string, payload: Record<string, unknown>): Promise<void> {
    for (const sub of this.#subs.get(event) ?? []) {
      if (sub.plugin !== 'core' && !tenant.plugins.has(sub.plugin)) continue;
      try {
        await sub.handler(payload, {
          tenant,
          em,
          settings: tenant.plugins.get(sub.plugin) ?? {},
          portal: this.#services!,
        });
      } catch (err) {
        this.#log.error({ err, event, plugin: sub.plugin, tenant: tenant.id }, 'event handler failed');
      }
    }
  }
}
