import { describe, expect, it } from 'vitest';
import { definePlugin, type LoadedPlugin, type PluginManifest } from './define-plugin.ts';
import { collectContributions, defineExtensionPoint, extensionReader } from './extension-points.ts';
import { ProvidedServices } from './provided-services.ts';

interface Widget {
  kind: 'widget';
  id: string;
}
const widgets = defineExtensionPoint<Widget>('board', 'widgets', (item) => ((item as Widget | null)?.kind === 'widget' ? null : 'not a widget'));
const widget = (id: string): Widget => ({ kind: 'widget', id });

const loaded = (manifest: PluginManifest): LoadedPlugin => ({ definition: definePlugin(manifest), name: manifest.name, dir: `/p/${manifest.name}` });
const board = loaded({
  name: 'board',
  version: '1', sdk: '^1.0.0',
  extensionPoints: [widgets],
  contributes: [widgets.contribute(widget('clock'))],
  provides: (_portal, extensions) => extensions.contributions(widgets).map((c) => `${c.plugin}:${c.item.id}`),
});

describe('extension points: what plugins add to each other is declared in manifests and collected at start', () => {
  it('hands the provider every contribution, its own included, with the contributing plugin', () => {
    const weather = loaded({ name: 'weather', version: '1', sdk: '^1.0.0', dependsOn: ['board'], contributes: [widgets.contribute(widget('rain'), widget('wind'))] });
    const provided = new ProvidedServices();
    provided.build([board, weather], {} as never);
    expect(provided.get<string[]>('board')).toEqual(['board:clock', 'weather:rain', 'weather:wind']);
  });

  it('ignores a contribution to an optional plugin that is not installed', () => {
    const weather = loaded({ name: 'weather', version: '1', sdk: '^1.0.0', optionalDependsOn: ['board'], contributes: [widgets.contribute(widget('rain'))] });
    expect([...collectContributions([weather]).keys()]).toEqual([]);
  });

  it('refuses at start, naming the plugin: no dependency on the provider, no such point, an item the point refuses', () => {
    const stray = loaded({ name: 'stray', version: '1', sdk: '^1.0.0', contributes: [widgets.contribute(widget('rain'))] });
    expect(() => collectContributions([board, stray])).toThrow('plugin "stray" contributes to "board.widgets" without naming "board" in dependsOn or optionalDependsOn');
    const early = loaded({ name: 'early', version: '1', sdk: '^1.0.0', dependsOn: ['board'], contributes: [widgets.contribute(widget('rain'))] });
    expect(() => collectContributions([early])).toThrow('plugin "early" contributes to "board.widgets", which no installed plugin declares');
    const bad = loaded({ name: 'bad', version: '1', sdk: '^1.0.0', dependsOn: ['board'], contributes: [widgets.contribute({ id: 'x' } as Widget)] });
    expect(() => collectContributions([board, bad])).toThrow('plugin "bad": a contribution to "board.widgets" is refused: not a widget');
  });

  it('lets only the declaring plugin read a point, and only declare points of its own', () => {
    expect(() => extensionReader('weather', collectContributions([board])).contributions(widgets)).toThrow('plugin "weather" cannot read the contributions to "board.widgets"');
    expect(() => definePlugin({ name: 'weather', version: '1', sdk: '^1.0.0', extensionPoints: [widgets] })).toThrow('extension point "board.widgets" belongs to plugin "board"');
  });
});

describe('an optional dependency, asked per tenant', () => {
  it('is the provided service where the tenant enables it, null where it does not or it is not installed', () => {
    const provided = new ProvidedServices();
    provided.build([board], {} as never);
    const tenant = (enabled: string[]) => ({ plugins: new Map(enabled.map((name) => [name, {}])) }) as never;
    expect(provided.forTenant<string[]>(tenant(['board']), 'board')).toEqual(['board:clock']);
    expect(provided.forTenant(tenant([]), 'board')).toBeNull();
    expect(provided.forTenant(tenant(['invoices']), 'invoices')).toBeNull();
  });
});
