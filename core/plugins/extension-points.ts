import type { LoadedPlugin } from './define-plugin.ts';

/**
 * A kind of thing other plugins add to one plugin (service-requests' request types): the provider
 * declares it in `extensionPoints` and exports it from its api.ts; a contributor lists
 * `point.contribute(...items)` in its manifest's `contributes`. The host collects them at start and
 * hands them to the provider's `provides`: nothing registers itself when a module is imported.
 */
export interface ExtensionPoint<T> {
  /** `<plugin>.<name>`, e.g. `service-requests.request-types`. */
  readonly id: string;
  /** The plugin that declares the point and alone reads what is contributed to it. */
  readonly plugin: string;
  /** Why an item is not one of these (null when it is): checked at start, naming the contributor. */
  readonly check: (item: unknown) => string | null;
  contribute(...items: T[]): Contribution<T>;
}

export interface Contribution<T = unknown> {
  readonly point: string;
  readonly items: readonly T[];
}

/** One contributed item and the plugin that contributed it. */
export interface Contributed<T> {
  readonly plugin: string;
  readonly item: T;
}

export function defineExtensionPoint<T>(plugin: string, name: string, check: (item: unknown) => string | null = () => null): ExtensionPoint<T> {
  const id = `${plugin}.${name}`;
  return Object.freeze({ id, plugin, check, contribute: (...items: T[]): Contribution<T> => Object.freeze({ point: id, items: Object.freeze([...items]) }) });
}

/** What a provider's `provides` receives: the items contributed to its own points. */
export interface ExtensionReader {
  contributions<T>(point: ExtensionPoint<T>): readonly Contributed<T>[];
}

/**
 * Every contribution of the installed plugins, by point, in plugin order. Refuses at start, naming
 * the plugin: a contribution to a point no installed plugin declares (unless its plugin is an
 * optional dependency that is not installed), to a plugin the contributor does not depend on, or
 * an item the point's check refuses.
 */
export function collectContributions(plugins: LoadedPlugin[]): Map<string, Contributed<unknown>[]> {
  const points = new Map<string, ExtensionPoint<unknown>>();
  for (const plugin of plugins) for (const point of plugin.definition.extensionPoints ?? []) points.set(point.id, point);
  const installed = new Set(plugins.map((p) => p.name));
  const byPoint = new Map<string, Contributed<unknown>[]>([...points.keys()].map((id) => [id, []]));
  for (const plugin of plugins) {
    const { dependsOn = [], optionalDependsOn = [] } = plugin.definition;
    for (const contribution of plugin.definition.contributes ?? []) {
      const point = points.get(contribution.point);
      const owner = point?.plugin ?? contribution.point.split('.')[0];
      if (owner !== plugin.name && !dependsOn.includes(owner) && !optionalDependsOn.includes(owner)) {
        throw new Error(`plugin "${plugin.name}" contributes to "${contribution.point}" without naming "${owner}" in dependsOn or optionalDependsOn`);
      }
      if (!point) {
        if (!installed.has(owner) && optionalDependsOn.includes(owner)) continue;
        throw new Error(`plugin "${plugin.name}" contributes to "${contribution.point}", which no installed plugin declares`);
      }
      for (const item of contribution.items) {
        const problem = point.check(item);
        if (problem) throw new Error(`plugin "${plugin.name}": a contribution to "${point.id}" is refused: ${problem}`);
        byPoint.get(point.id)!.push({ plugin: plugin.name, item });
      }
    }
  }
  return byPoint;
}

/** The reader `provides` of `plugin` gets: only its own points (another's are not its to read). */
export function extensionReader(plugin: string, byPoint: Map<string, Contributed<unknown>[]>): ExtensionReader {
  return {
    contributions<T>(point: ExtensionPoint<T>): readonly Contributed<T>[] {
      if (point.plugin !== plugin) throw new Error(`plugin "${plugin}" cannot read the contributions to "${point.id}" of plugin "${point.plugin}"`);
      return (byPoint.get(point.id) ?? []) as Contributed<T>[];
    },
  };
}
