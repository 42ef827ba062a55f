import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, REPO_ROOT } from '../../core/config/load-config.ts';
import { createPortal } from '../../core/portal.ts';
import { discoverPlugins } from '../../core/plugins/discover-plugins.ts';
import { PluginGraphError } from '../../core/plugins/order-plugins.ts';
import { sdkVersion } from '../../core/sdk/version.ts';
import { STACK_FRAME } from './run-cli.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

let dir: string;
const pluginsDir = (kind: string) => join(dir, kind);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'portal-sdk-range-'));
  const sdk = JSON.stringify(join(REPO_ROOT, 'core/sdk/index.ts'));
  const plugins: Record<string, string> = { future: "sdk: '^2.0.0'", unstated: '', current: `sdk: '^${sdkVersion}'` };
  for (const [name, range] of Object.entries(plugins)) {
    mkdirSync(join(pluginsDir(name), name), { recursive: true });
    // Written as JavaScript: a manifest without `sdk` is what an older plugin looks like to the host.
    writeFileSync(
      join(pluginsDir(name), name, 'plugin.js'),
      `import { definePlugin } from ${sdk};\nexport default definePlugin({ name: '${name}', version: '1.0.0', ${range} });\n`,
    );
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (kind: string) =>
  loadConfig({ env: {}, overrides: { env: 'test', dataDir: join(dir, 'data'), pluginPaths: [pluginsDir(kind)], session: { secret: 'x'.repeat(48) } } });
const startError = async (kind: string) => createPortal(await config(kind)).then(async (portal) => (await portal.close(), null), (e: unknown) => e as Error);

describe('a plugin written for another SDK', () => {
  it('stops the portal at start, naming the range the plugin supports and the version the portal provides', async () => {
    const err = await startError('future');
    expect(err).toBeInstanceOf(PluginGraphError);
    expect(err!.message).toContain('plugin "future"');
    expect(err!.message).toContain('supports SDK ^2.0.0');
    expect(err!.message).toContain(`this portal provides SDK ${sdkVersion}`);
  });

  it('stops it too when the manifest states no range', async () => {
    const err = await startError('unstated');
    expect(err).toBeInstanceOf(PluginGraphError);
    expect(err!.message).toMatch(/plugin "unstated" .* must state the SDK versions it supports/);
  });

  it('lets a plugin whose range holds this SDK load', async () => {
    const plugins = await discoverPlugins({ paths: [pluginsDir('current')] });
    expect(plugins.map((p) => p.name)).toEqual(['current']);
  });

  it('makes `portal start` print both versions and exit non-zero, without a stack trace', async () => {
    const file = join(dir, 'portal.yaml');
    writeFileSync(file, `dataDir: ${JSON.stringify(join(dir, 'data'))}\npluginPaths:\n  - ${JSON.stringify(pluginsDir('future'))}\n`);
    const res = await runCliInProcess(['start', '--config', file], { DATABASE_URL: '' });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(`plugin "future" (${join(pluginsDir('future'), 'future')}) supports SDK ^2.0.0, but this portal provides SDK ${sdkVersion}`);
    expect(res.stderr).not.toMatch(STACK_FRAME);
  });
});
