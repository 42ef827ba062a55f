import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCliInProcess } from './run-cli-in-process.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'portal-theme-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MANIFEST = `description: Test theme
required:
  - layouts/main
  - layouts/email
  - partials/header
settings:
  type: object
  additionalProperties: false
  properties:
    wide: { type: boolean, default: false }
`;

/** A theme folder with the given files (path under the theme → content). */
function theme(name: string, files: Record<string, string>): string {
  const root = join(dir, name);
  for (const [path, content] of Object.entries({ 'theme.yaml': MANIFEST, ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** What the default theme provides, since core's own layouts (e.g. the staff one) include some of it. */
const COMPLETE = {
  'templates/layouts/main.hbs': '<html>\n{{> header}}\n{{> flash}}\n{{{body}}}\n{{> footer}}\n</html>\n',
  'templates/layouts/email.hbs': '<html>{{{body}}}</html>\n',
  'templates/partials/header.hbs': '<header>{{brand.name}}{{#if themeSettings.wide}} wide{{/if}}{{> nav}}</header>\n',
  'templates/partials/nav.hbs': '<nav></nav>\n',
  'templates/partials/flash.hbs': '{{#if flash}}<p>{{flash.message}}</p>{{/if}}\n',
  'templates/partials/footer.hbs': '<footer></footer>\n',
  // Core's dashboard reads this setting, so a theme that keeps core's dashboard must declare it.
  'templates/dashboard.hbs': '<h1>{{t "dashboard.title"}}</h1>\n',
};

describe('portal theme check', () => {
  it('passes on the default theme', async () => {
    const res = await runCliInProcess(['theme', 'check', 'default']);
    expect(res.stdout).toContain('OK theme default');
    expect(res.code).toBe(0);
  });

  it('passes on a complete theme folder', async () => {
    const folder = theme('complete', COMPLETE);
    const res = await runCliInProcess(['theme', 'check', folder]);
    expect(res.stdout + res.stderr).toContain('OK theme complete');
    expect(res.code).toBe(0);
  });

  it('reports a missing required template at its line in theme.yaml', async () => {
    const { 'templates/layouts/email.hbs': _, ...files } = COMPLETE;
    const folder = theme('no-email', files);
    const res = await runCliInProcess(['theme', 'check', folder]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`${folder}/theme.yaml:4: required template "layouts/email" is missing`);
  });

  it('reports a partial that resolves nowhere in the chain', async () => {
    const folder = theme('no-partial', {
      ...COMPLETE,
      'templates/layouts/main.hbs': '<html>\n{{> header}}\n{{> sidebar}}\n{{{body}}}\n</html>\n',
    });
    const res = await runCliInProcess(['theme', 'check', folder]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`${folder}/templates/layouts/main.hbs:3: partial "sidebar" not found`);
    expect(res.stdout).not.toContain('partial "header"');
  });

  it('reports theme settings used in templates but not declared', async () => {
    const { 'templates/dashboard.hbs': _, ...files } = COMPLETE;
    const folder = theme('undeclared', {
      ...files,
      'templates/partials/header.hbs': '<header>\n{{#if @root.themeSettings.tall}}tall{{/if}}</header>\n',
    });
    const res = await runCliInProcess(['theme', 'check', folder]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`${folder}/templates/partials/header.hbs:2: themeSettings.tall is not declared`);
    // Core's dashboard is now the one this theme's tenants get.
    expect(res.stdout).toMatch(/core\/views\/dashboard\.hbs:\d+: themeSettings\.dashboardWelcome is not declared/);
  });

  it("reports a tenant of the theme whose themeSettings are invalid", async () => {
    const tenants = join(dir, 'tenants');
    mkdirSync(tenants, { recursive: true });
    writeFileSync(join(tenants, 'acme.yaml'), 'id: acme\nname: Acme\nhostnames: [acme.test]\nthemeSettings:\n  density: huge\n');
    const config = join(dir, 'portal.yaml');
    writeFileSync(config, `tenantsDir: ${JSON.stringify(tenants)}\n`);
    const res = await runCliInProcess(['theme', 'check', 'default', '--config', config]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`${tenants}/acme.yaml:5: themeSettings.density: must be one of: comfortable, compact`);
  });

  it('names the available themes for an unknown one', async () => {
    const res = await runCliInProcess(['theme', 'check', 'nonexistent']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('unknown theme "nonexistent"; available: default');
  });
});
