import { describe, expect, it } from 'vitest';
import { definePlugin } from './define-plugin.ts';

const command = (name: string) => ({ name, usage: `portal ${name}`, summary: 'x', run: async () => 0 });

describe('plugin commands', () => {
  it('live under the plugin’s own name, so no plugin can take over a core command or another plugin’s', () => {
    expect(() => definePlugin({ name: 'billing', version: '1.0.0', sdk: '^1.0.0', commands: [command('billing export')] })).not.toThrow();
    for (const name of ['start', 'tenant list', 'invoices render', 'billing', 'billing export now', 'billing Export']) {
      expect(() => definePlugin({ name: 'billing', version: '1.0.0', sdk: '^1.0.0', commands: [command(name)] }), name).toThrow(`command "${name}" must be "billing <verb>"`);
    }
  });
});
