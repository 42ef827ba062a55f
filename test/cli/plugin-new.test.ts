import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from 'portal/testing';
import { runCliInProcess } from './run-cli-in-process.ts';
import { runCli, STACK_FRAME } from './run-cli.ts';

/**
 * A plugin written by `portal plugin new` into a folder outside this repository, as an author's
 * own would be: its node_modules links `portal` (and vitest) to this repository. Its own test is
 * imported below, so its describe blocks run in this file: the scaffold's test passing as written
 * is what this file checks, on whichever database the run uses.
 */
const dir = mkdtempSync(join(tmpdir(), 'portal-plugin-new-'));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(REPO_ROOT, join(dir, 'node_modules', 'portal'), 'dir');
symlinkSync(join(REPO_ROOT, 'node_modules', 'vitest'), join(dir, 'node_modules', 'vitest'), 'dir');
const pluginsDir = join(dir, 'plugins');
const pluginDir = join(pluginsDir, 'outage-notices');
const created = await runCliInProcess(['plugin', 'new', 'outage-notices', '--dir', pluginsDir]);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('portal plugin new', () => {
  it('writes the folder docs/plugins.md describes, and says how to go on', () => {
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`Created plugin "outage-notices" in ${pluginDir}:`);
    expect(created.stdout).toContain('Check it with: portal plugin check outage-notices');
    expect(readdirSync(pluginDir, { recursive: true }).map(String).sort()).toEqual([
      'data',
      'data/items.ts',
      'locales',
      'locales/en.json',
      'locales/es-AR.json',
      'migrations',
      'migrations/001_init.sql',
      'plugin.ts',
      'routes.ts',
      'settings.ts',
      'staff',
      'staff/routes.ts',
      'test-fixtures',
      'test-fixtures/tenants',
      'test-fixtures/tenants/alpha.yaml',
      'test-fixtures/tenants/beta.yaml',
      'tests',
      'tests/outage-notices.test.ts',
      'views',
      'views/card.hbs',
      'views/index.hbs',
      'views/partials',
      'views/partials/item.hbs',
      'views/staff',
      'views/staff/list.hbs',
    ]);
  });

  it('writes a plugin that portal plugin check passes', async () => {
    const res = await runCliInProcess(['plugin', 'check', pluginDir]);
    expect(res.stdout).toBe(`OK plugin outage-notices (${pluginDir})\n`);
    expect(res.code).toBe(0);
  });

  it('refuses a folder that exists, and leaves it as it was', async () => {
    const res = await runCliInProcess(['plugin', 'new', 'outage-notices', '--dir', pluginsDir]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${pluginDir} already exists: choose another name, or remove that folder first`);
    expect(readdirSync(pluginsDir)).toEqual(['outage-notices']);
  });

  it.each(['Outage', 'outage_notices', '1st', 'outage--notices', 'outage-', '../outage'])('refuses the name %j', async (name) => {
    const res = await runCliInProcess(['plugin', 'new', name, '--dir', pluginsDir]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`"${name}" cannot name a plugin: use lowercase letters, digits and single dashes, starting with a letter`);
    expect(readdirSync(pluginsDir)).toEqual(['outage-notices']);
  });

  // A real `portal` process, unlike the other command lines of the CLI tests, and one that imports
  // little: a command's exit code must become the process's, its errors reach stderr.
  it('refuses a name as the `portal` process too: exit code 2, the reason on stderr, nothing on stdout', async () => {
    const res = await runCli(['plugin', 'new', 'Outage', '--dir', pluginsDir]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('"Outage" cannot name a plugin');
    expect(res.stderr).not.toMatch(STACK_FRAME);
    expect(res.stdout).toBe('');
  });
});

// The generated test: customer page, staff screen and its permission, job, card, strings, 404.
await import(pathToFileURL(join(pluginDir, 'tests', 'outage-notices.test.ts')).href);
