import type { LoadedPlugin } from './define-plugin.ts';

export class PluginGraphError extends Error {}

/**
 * Dependency order (dependencies and installed optional ones first, then by name for a stable result). Refuses a missing
 * dependency or a cycle, naming the plugins involved, so the host fails before serving anything.
 */
export function orderPlugins(plugins: LoadedPlugin[]): LoadedPlugin[] {
  const byName = new Map(plugins.map((p) => [p.name, p]));
  const ordered: LoadedPlugin[] = [];
  const state = new Map<string, 'visiting' | 'done'>();

  const visit = (plugin: LoadedPlugin, trail: string[]): void => {
    const seen = state.get(plugin.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(plugin.name)), plugin.name];
      throw new PluginGraphError(`plugin dependency cycle: ${cycle.join(' → ')}`);
    }
    state.set(plugin.name, 'visiting');
    for (const dep of [...(plugin.definition.dependsOn ?? [])].sort()) {
      const target = byName.get(dep);
      if (!target) {
        throw new PluginGraphError(`plugin "${plugin.name}" (${plugin.dir}) depends on "${dep}", which is not installed`);
      }
      visit(target, [...trail, plugin.name]);
    }
    // Used when installed, so built first then; an absent one is simply not there.
    for (const dep of [...(plugin.definition.optionalDependsOn ?? [])].sort()) {
      const target = byName.get(dep);
      if (target) visit(target, [...trail, plugin.name]);
    }
    state.set(plugin.name, 'done');
    ordered.push(plugin);
  };

  for (const plugin of [...plugins].sort((a, b) => a.name.localeCompare(b.name))) visit(plugin, []);
  return ordered;
}
