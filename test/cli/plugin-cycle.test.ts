import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, REPO_ROOT } from '../../core/config/load-config.ts';
import { createPortal, loadInstall } from '../../core/portal.ts';
import { PluginGraphError } from '../../core/plugins/order-plugins.ts';
import { STACK_FRAME } from './run-cli.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

let dir: string;
let pluginsDir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'portal-cycle-'));
  pluginsDir = join(dir, 'plugins');
  const definePlugin = JSON.stringify(join(REPO_ROOT, 'core/plugins/define-plugin.ts'));
  for (const [name, dep] of [['billing', 'payments'], ['payments', 'billing']]) {
    mkdirSync(join(pluginsDir, name), { recursive: true });
    writeFileSync(
      join(pluginsDir, name, 'plugin.ts'),
      `import { definePlugin } from ${definePlugin};\nexport default definePlugin({ name: '${name}', version: '1.0.0', sdk: '^1.0.0', dependsOn: ['${dep}'] });\n`,
    );
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = () =>
  loadConfig({ env: {}, overrides: { env: 'test', dataDir: join(dir, 'data'), pluginPaths: [pluginsDir], session: { secret: 'x'.repeat(48) } } });

describe('a plugin dependency cycle', () => {
  it('makes loadInstall and createPortal throw PluginGraphError naming both plugins', async () => {
    for (const load of [loadInstall, createPortal]) {
      const err = await load(await config()).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(PluginGraphError);
      expect((err as Error).message).toMatch(/cycle/);
      expect((err as Error).message).toContain('billing');
      expect((err as Error).message).toContain('payments');
    }
  });

  it('makes `portal start` print the cycle and exit non-zero, without a stack trace', async () => {
    const file = join(dir, 'portal.yaml');
    writeFileSync(file, `dataDir: ${JSON.stringify(join(dir, 'data'))}\npluginPaths:\n  - ${JSON.stringify(pluginsDir)}\n`);
    const res = await runCliInProcess(['start', '--config', file], { DATABASE_URL: '' });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/plugin dependency cycle: (billing → payments → billing|payments → billing → payments)/);
    expect(res.stderr).not.toMatch(STACK_FRAME);
  });
});
