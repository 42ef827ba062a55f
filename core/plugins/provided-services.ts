import type { LoadedPlugin, PortalServices } from './define-plugin.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { collectContributions, extensionReader } from './extension-points.ts';

/**
 * What plugins offer each other (`provides` in the manifest), built once at start in dependency
 * order, so a plugin can use what its dependencies provide while building its own. Plugins call
 * each other through these objects, never through each other's tables.
 */
export class ProvidedServices {
  readonly #byPlugin = new Map<string, unknown>();

  /** Also where extension points are wired: each provider reads what others contributed to it. */
  build(plugins: LoadedPlugin[], portal: PortalServices): void {
    const contributions = collectContributions(plugins);
    for (const plugin of plugins) {
      const provides = plugin.definition.provides;
      if (provides) this.#byPlugin.set(plugin.name, provides(portal, extensionReader(plugin.name, contributions)));
    }
  }

  has(plugin: string): boolean {
    return this.#byPlugin.has(plugin);
  }

  /**
   * What `plugin` provides when `tenant` enables it, else null: how a plugin uses one it names in
   * `optionalDependsOn` (an installed plugin the tenant has not enabled is as good as absent).
   */
  forTenant<T>(tenant: Tenant, plugin: string): T | null {
    return tenant.plugins.has(plugin) && this.#byPlugin.has(plugin) ? (this.#byPlugin.get(plugin) as T) : null;
  }

  /** The object `plugin` provides; throws when that plugin is not installed or provides nothing. */
  get<T>(plugin: string): T {
    if (!this.#byPlugin.has(plugin)) throw new Error(`plugin "${plugin}" is not installed or provides no service`);
    return this.#byPlugin.get(plugin) as T;
  }
}
