import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { seedDemo } from '../../core/cli/demo-seed.ts';
import type { DemoTenant } from '../../core/cli/demo/types.ts';
import type { DemoSeedContext } from '../../core/plugins/define-plugin.ts';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';

/** Fixture tenants: alpha enables the `hello` plugin, beta does not. */
const demo = (tenantId: string, number: string): DemoTenant => ({
  tenantId,
  password: 'demo-password-1',
  customers: [
    {
      name: 'Ana Demo',
      email: `ana@${tenantId}.test`,
      accounts: [{ number, holderName: 'Ana Demo', documentType: 'DNI', documentNumber: '30111222', email: `ana@${tenantId}.test`, services: [] }],
    },
  ],
  unclaimed: [],
});

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal({ pluginPaths: [join(REPO_ROOT, 'plugins'), join(REPO_ROOT, 'test/fixtures/plugins')] });
});
afterAll(async () => portal?.dispose());

describe('demo seed and plugins', () => {
  it("runs the demoSeed of each plugin the tenant enables, with the tenant's demo accounts", async () => {
    const calls: DemoSeedContext[] = [];
    const plugins = portal.plugins.map((p) =>
      p.name === 'hello' ? { ...p, definition: { ...p.definition, demoSeed: async (ctx: DemoSeedContext) => void calls.push(ctx) } } : p,
    );
    await seedDemo({ ...portal, plugins }, [demo('alpha', 'A-1'), demo('beta', 'B-1')]);

    expect(calls.map((c) => c.tenant.id)).toEqual(['alpha']);
    expect(calls[0].accounts).toEqual([expect.objectContaining({ number: 'A-1', holderName: 'Ana Demo', customerId: expect.any(Number) })]);
  });

  it('names the plugin and tenant when a plugin demo seed fails', async () => {
    const plugins = portal.plugins.map((p) =>
      p.name === 'hello' ? { ...p, definition: { ...p.definition, demoSeed: async () => { throw new Error('boom'); } } } : p,
    );
    await expect(seedDemo({ ...portal, plugins }, [demo('alpha', 'A-1')])).rejects.toThrow(
      'demo seed of plugin "hello" failed for tenant "alpha": boom',
    );
  });
});
