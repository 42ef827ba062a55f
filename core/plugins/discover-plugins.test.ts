import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverPlugins } from './discover-plugins.ts';
import { orderPlugins, PluginGraphError } from './order-plugins.ts';
import { definePlugin, type LoadedPlugin } from './define-plugin.ts';

const fake = (name: string, dependsOn: string[] = [], optionalDependsOn: string[] = []) =>
  ({ name, dir: `/p/${name}`, definition: { name, version: '1', sdk: '^1.0.0', dependsOn, optionalDependsOn, kind: 'portal-plugin' } }) as unknown as LoadedPlugin;

describe('plugin order', () => {
  it('puts dependencies first', () => {
    const order = orderPlugins([fake('payments', ['invoices']), fake('invoices'), fake('faq')]).map((p) => p.name);
    expect(order.indexOf('invoices')).toBeLessThan(order.indexOf('payments'));
    expect(order).toHaveLength(3);
  });

  it('refuses a cycle, naming the plugins in it', () => {
    expect(() => orderPlugins([fake('a', ['b']), fake('b', ['a'])])).toThrow(new PluginGraphError('plugin dependency cycle: a → b → a'));
  });

  it('refuses a missing dependency', () => {
    expect(() => orderPlugins([fake('payments', ['invoices'])])).toThrow(/"payments".*depends on "invoices", which is not installed/);
  });

  it('puts an installed optional dependency first and starts without an absent one', () => {
    // "zz-invoices" sorts after "requests": only the declaration can put it first.
    const order = orderPlugins([fake('requests', [], ['zz-invoices']), fake('zz-invoices')]).map((p) => p.name);
    expect(order).toEqual(['zz-invoices', 'requests']);
    expect(orderPlugins([fake('requests', [], ['zz-invoices'])]).map((p) => p.name)).toEqual(['requests']);
  });

  it('refuses a plugin naming itself or a required dependency as optional', () => {
    expect(() => definePlugin({ name: 'a', version: '1', sdk: '^1.0.0', optionalDependsOn: ['a'] })).toThrow('plugin "a": optionalDependsOn names "a", which is itself');
    expect(() => definePlugin({ name: 'a', version: '1', sdk: '^1.0.0', dependsOn: ['b'], optionalDependsOn: ['b'] })).toThrow('which is in dependsOn already');
  });
});

describe('plugin discovery', () => {
  it('finds plugins in folders and in npm packages named in the host config', async () => {
    const root = mkdtempSync(join(tmpdir(), 'plugins-'));
    mkdirSync(join(root, 'local/greet'), { recursive: true });
    writeFileSync(join(root, 'local/greet/plugin.js'), "export default { kind: 'portal-plugin', name: 'greet', version: '1.0.0', sdk: '^1.0.0', dependsOn: ['pkgdemo'] };\n");
    mkdirSync(join(root, 'local/not-a-plugin'), { recursive: true });
    const pkg = join(root, 'node_modules/portal-plugin-demo');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'portal-plugin-demo', type: 'module', main: 'index.js', exports: { '.': './index.js', './package.json': './package.json' } }));
    writeFileSync(join(pkg, 'index.js'), "export default { kind: 'portal-plugin', name: 'pkgdemo', version: '2.0.0', sdk: '^1.0.0' };\n");
    writeFileSync(join(root, 'package.json'), '{"name":"host","type":"module"}');
    const found = await discoverPlugins({ paths: [join(root, 'local')], packages: ['portal-plugin-demo'], root });
    expect(found.map((p) => p.name)).toEqual(['pkgdemo', 'greet']);
    expect(found[0].dir).toBe(pkg);
  });

  it('takes a folder named in pluginPaths that holds a manifest itself as that one plugin', async () => {
    const root = mkdtempSync(join(tmpdir(), 'plugins-'));
    writeFileSync(join(root, 'plugin.js'), "export default { kind: 'portal-plugin', name: 'alone', version: '1.0.0', sdk: '^1.0.0' };\n");
    mkdirSync(join(root, 'views'));
    const found = await discoverPlugins({ paths: [root] });
    expect(found.map((p) => [p.name, p.dir])).toEqual([['alone', root]]);
  });

  it('refuses a folder whose plugin.ts does not export a plugin', async () => {
    const root = mkdtempSync(join(tmpdir(), 'plugins-'));
    mkdirSync(join(root, 'bad'), { recursive: true });
    writeFileSync(join(root, 'bad/plugin.js'), 'export default { name: "bad" };\n');
    await expect(discoverPlugins({ paths: [root] })).rejects.toThrow(/plugin\.js must export default definePlugin/);
  });
});
