import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from 'portal/testing';
import { runCliInProcess } from './run-cli-in-process.ts';
import { sdkVersion } from '../../core/sdk/version.ts';

const FIXTURES = 'test/fixtures/plugin-check';

async function check(kind: string) {
  const res = await runCliInProcess(['plugin', 'check', join(REPO_ROOT, FIXTURES, kind)]);
  return { code: res.code, problems: res.stdout.trimEnd().split('\n'), stderr: res.stderr };
}

describe('portal plugin check', () => {
  it('passes every shipped plugin', async () => {
    const res = await runCliInProcess(['plugin', 'check']);
    const shipped = readdirSync(join(REPO_ROOT, 'plugins')).filter((d) => existsSync(join(REPO_ROOT, 'plugins', d, 'plugin.ts')));
    expect(res.stdout.trimEnd().split('\n')).toEqual(shipped.map((d) => `OK plugin ${d} (plugins/${d})`));
    expect(res.code).toBe(0);
  });

  it('finds strings one language lacks, in the same area file, naming the line of the other that has them', async () => {
    expect(await check('locales')).toEqual({
      code: 1,
      problems: [
        `${FIXTURES}/locales/locales/emails.en.json:1: string "intro" is missing (${FIXTURES}/locales/locales/emails.es-AR.json:3 has it)`,
        `${FIXTURES}/locales/locales/en.json:3: string "permission.manage" is missing (${FIXTURES}/locales/locales/es-AR.json:4 has it)`,
        `${FIXTURES}/locales/locales/es-AR.json:1: string "extra" is missing (${FIXTURES}/locales/locales/en.json:4 has it)`,
      ],
      stderr: 'plugin locales: 3 problem(s)\n',
    });
  });

  it("finds a route guarded by core's permission and one guarded by a permission never declared", async () => {
    expect((await check('permissions')).problems).toEqual([
      `${FIXTURES}/permissions/staff-routes.ts:7: permission "customers.lock" must start with "permissions." (the plugin's name)`,
      `${FIXTURES}/permissions/staff-routes.ts:9: permission "permissions.edit" is not declared in the manifest's permissions`,
    ]);
  });

  it("finds a declared permission without the plugin's prefix, which also stops the manifest loading", async () => {
    expect((await check('permission-ids')).problems).toEqual([
      `${FIXTURES}/permission-ids/plugin.ts:4: the manifest does not load: plugin "permission-ids": permission "customers.view" must start with "permission-ids."`,
      `${FIXTURES}/permission-ids/plugin.ts:8: permission "customers.view" must start with "permission-ids." (the plugin's name)`,
    ]);
  });

  it('finds pages, cards and partials whose template does not exist, and strings no locales file has', async () => {
    expect((await check('templates')).problems).toEqual([
      `${FIXTURES}/templates/plugin.ts:9: template "templates/missing" not found: no ${FIXTURES}/templates/views/missing.hbs`,
      `${FIXTURES}/templates/plugin.ts:11: template "templates/no-card" not found: no ${FIXTURES}/templates/views/no-card.hbs`,
      `${FIXTURES}/templates/views/index.hbs:3: partial "templates/nowhere" not found: no ${FIXTURES}/templates/views/partials/nowhere.hbs`,
      `${FIXTURES}/templates/views/index.hbs:4: string "dashbord.title" is in no locales file: no plugin is named "dashbord" and core has no such string`,
      `${FIXTURES}/templates/views/index.hbs:4: string "templates.titel" is in no locales file: ${FIXTURES}/templates/locales has no "titel"`,
    ]);
  });

  it('finds a settings schema that is not valid JSON Schema, and a misspelt keyword', async () => {
    expect((await check('settings')).problems).toEqual([
      `${FIXTURES}/settings/settings.ts:9: settings schema: properties.days.type must be one of array, boolean, integer, null, number, object, string`,
    ]);
    expect((await check('keywords')).problems).toEqual([`${FIXTURES}/keywords/settings.ts:7: settings schema: strict mode: unknown keyword: "minimun"`]);
  });

  it('finds migrations numbered twice, with a gap, or named so they never apply', async () => {
    expect((await check('migrations')).problems).toEqual([
      `${FIXTURES}/migrations/migrations/001_again.sql:1: migration number 1 is used twice (001_again.sql, 001_init.sql): give each file its own number`,
      `${FIXTURES}/migrations/migrations/001_init.sql:1: migration number 1 is used twice (001_again.sql, 001_init.sql): give each file its own number`,
      `${FIXTURES}/migrations/migrations/004_late.sql:1: migration 002 to 003 is missing before this one: number them 001, 002, … without gaps`,
      `${FIXTURES}/migrations/migrations/5_unnumbered.sql:1: never applied: migrations are named NNN_name.sql (e.g. 001_init.sql)`,
    ]);
  });

  it('finds a folder named otherwise than the plugin layout, and a test outside tests/', async () => {
    expect((await check('layout')).problems).toEqual([
      `${FIXTURES}/layout/present:1: present/ is named view-models/ in the plugin layout (docs/plugins.md#the-folder)`,
      `${FIXTURES}/layout/routes/page.test.js:1: tests live in tests/ (docs/plugins.md#the-folder)`,
    ]);
  });

  it("finds imports of core's files and of entry points the portal does not export", async () => {
    expect((await check('imports')).problems).toEqual([
      `${FIXTURES}/imports/helpers.js:2: imports "portal/core/db/run-sql.ts": the portal's public entry points are portal/sdk and portal/testing`,
      `${FIXTURES}/imports/helpers.js:3: imports "../../../support/test-portal.ts", core's file test/support/test-portal.ts: import it from portal/sdk (or portal/testing in tests) instead`,
      `${FIXTURES}/imports/plugin.ts:2: imports "../../../../core/auth/translate.ts", core's file core/auth/translate.ts: import it from portal/sdk (or portal/testing in tests) instead`,
    ]);
  });

  it('finds a manifest without an sdk range, with something else there, or with a range this portal is outside', async () => {
    expect((await check('sdk')).problems).toEqual([`${FIXTURES}/sdk/plugin.js:4: sdk: missing; state the SDK versions the plugin supports, e.g. sdk: '^1.0.0'`]);
    expect((await check('sdk-range')).problems).toEqual([`${FIXTURES}/sdk-range/plugin.ts:6: sdk: "one or two" is not a semver range (e.g. '^1.0.0')`]);
    expect((await check('sdk-other')).problems).toEqual([`${FIXTURES}/sdk-other/plugin.ts:6: sdk: the plugin supports SDK ^2.0.0, but this portal provides SDK ${sdkVersion}`]);
  });

  it('names the installed plugins when asked for one it does not know', async () => {
    const res = await runCliInProcess(['plugin', 'check', 'nonesuch']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('unknown plugin "nonesuch"; installed: faq, invoices');
  });
});
