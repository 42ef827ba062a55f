import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ViewEngine } from './view-engine.ts';
import { Catalog } from '../i18n/i18n.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { LoadedPlugin } from '../plugins/define-plugin.ts';

function write(root: string, rel: string, text: string) {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'views-'));
  write(root, 'core/views/page.hbs', 'core page');
  write(root, 'core/views/only-core.hbs', 'from core {{> badge}}');
  write(root, 'core/views/partials/badge.hbs', '[core badge]');
  write(root, 'core/locales/es-AR.json', '{"hello":"Hola {name}"}');
  write(root, 'themes/plain/templates/page.hbs', 'theme page');
  write(root, 'themes/plain/templates/layouts/main.hbs', '<main>{{{body}}}</main>');
  write(root, 'themes/plain/templates/partials/badge.hbs', '[theme badge]');
  write(root, 'plugins/shop/views/list.hbs', 'plugin list {{t "hello" name="Ana"}} {{money 1234.5}} {{date when}}');
  write(root, 'tenants/acme/views/shop/list.hbs', 'acme list');
  const plugins = [{ name: 'shop', dir: join(root, 'plugins/shop'), definition: {} }] as unknown as LoadedPlugin[];
  const themes = new Map([['plain', { name: 'plain', dir: join(root, 'themes/plain'), description: '', settings: {}, required: [] }]]);
  const views = new ViewEngine({ coreDir: join(root, 'core'), themes, plugins, catalog: new Catalog([{ dir: join(root, 'core/locales') }], ['es-AR', 'en']), cache: true });
  const tenant = (id: string) => ({ id, dir: join(root, 'tenants', id), theme: 'plain' }) as unknown as Tenant;
  return { views, tenant };
}

describe('template lookup, most specific first', () => {
  it('takes the tenant override over the plugin view, the theme over core', () => {
    const { views, tenant } = setup();
    expect(views.render(tenant('acme'), 'shop/list', {}, false)).toBe('acme list');
    expect(views.render(tenant('other'), 'page', {}, false)).toBe('theme page');
    expect(views.render(tenant('other'), 'only-core', {}, false)).toBe('from core [theme badge]');
  });

  it('wraps the page in the theme layout', () => {
    const { views, tenant } = setup();
    expect(views.render(tenant('other'), 'page', {})).toBe('<main>theme page</main>');
  });

  it('formats es-AR money and dates and fills translations', () => {
    const { views, tenant } = setup();
    const html = views.render(tenant('other'), 'shop/list', { locale: 'es-AR', when: '2010-01-14T15:00:00Z' }, false);
    expect(html).toBe('plugin list Hola Ana $ 1.234,50 14/01/2010');
  });

  it('names the folders it looked in when a template is missing', () => {
    const { views, tenant } = setup();
    expect(() => views.render(tenant('other'), 'shop/missing', {}, false)).toThrow(/shop\/missing.*tenants\/other\/views/);
  });
});

describe('strings compiled into each locale', () => {
  function localized(cache: boolean) {
    const root = mkdtempSync(join(tmpdir(), 'views-'));
    write(root, 'core/locales/es-AR.json', '{"hi":"Hola & <chau>","named":"Hola {name}"}');
    write(root, 'core/locales/en.json', '{"hi":"Hi & <bye>","named":"Hi {name}"}');
    write(root, 'core/views/partials/greet.hbs', '[{{t "hi"}}]');
    write(root, 'core/views/page.hbs', '{{t "hi"}}|{{{t "hi"}}}|{{t "named" name=who}}|{{#each list}}{{t "hi"}}{{/each}}|{{> greet}}|{{icon "home"}}|{{t "missing.key"}}');
    const views = new ViewEngine({ coreDir: join(root, 'core'), themes: new Map(), plugins: [], catalog: new Catalog([{ dir: join(root, 'core/locales') }], ['es-AR', 'en']), cache });
    return (locale: string | undefined) => views.render({ id: 'x', dir: join(root, 'tenants/x'), theme: 'none' } as unknown as Tenant, 'page', { locale, who: 'Ana', list: [1, 2] }, false);
  }
  const icon = '<svg class="icon" aria-hidden="true" focusable="false"><use href="/assets/theme/icons.svg#home"></use></svg>';

  it.each([true, false])('gives each locale its own words, escaped as the helper would (cache %s)', (cache) => {
    const render = localized(cache);
    expect(render('es-AR')).toBe(`Hola &amp; &lt;chau&gt;|Hola & <chau>|Hola Ana|Hola &amp; &lt;chau&gt;Hola &amp; &lt;chau&gt;|[Hola &amp; &lt;chau&gt;]|${icon}|missing.key`);
    expect(render('en')).toBe(`Hi &amp; &lt;bye&gt;|Hi & <bye>|Hi Ana|Hi &amp; &lt;bye&gt;Hi &amp; &lt;bye&gt;|[Hi &amp; &lt;bye&gt;]|${icon}|missing.key`);
    // A render without a locale, or with one the catalogue lacks, asks the helper (es-AR fallback).
    expect(render(undefined)).toBe(render('es-AR'));
    expect(render('fr')).toBe(render('es-AR'));
  });
});

describe('a page inside its layout', () => {
  function framedBy(layout: string) {
    const root = mkdtempSync(join(tmpdir(), 'views-'));
    write(root, 'core/views/layouts/main.hbs', layout);
    write(root, 'core/views/page.hbs', '<p>{{title}} {{body}} {{@root.title}}</p>{{#each items}}{{this}}{{/each}}');
    const views = new ViewEngine({ coreDir: join(root, 'core'), themes: new Map(), plugins: [], catalog: new Catalog([], ['es-AR']), cache: true });
    return (data: Record<string, unknown>) => views.render(null, 'page', data);
  }
  const data = { title: 'T<1>', body: 'own body', items: [1, 2], box: { title: 'inner' } };

  it('renders the same whether the layout can take the page in (one call) or not (two)', () => {
    expect(framedBy('<main>{{title}}|{{{body}}}|{{title}}</main>')(data)).toBe('<main>T&lt;1&gt;|<p>T&lt;1&gt; own body T&lt;1&gt;</p>12|T&lt;1&gt;</main>');
    // Inside a block the page would see another context; a second mention needs the rendered body.
    expect(framedBy('{{#with box}}[{{title}}]{{{../body}}}{{/with}}')(data)).toBe('[inner]<p>T&lt;1&gt; own body T&lt;1&gt;</p>12');
    expect(framedBy('{{{body}}}{{#if body}}!{{/if}}')(data)).toBe('<p>T&lt;1&gt; own body T&lt;1&gt;</p>12!');
    expect(framedBy('{{{body}}}({{@root.body}})')(data)).toBe('<p>T&lt;1&gt; own body T&lt;1&gt;</p>12(<p>T&lt;1&gt; own body T&lt;1&gt;</p>12)');
  });
});

// Compiled templates are kept for the whole process, shared by every engine (each portal has one).
describe('templates of several portals in one process', () => {
  function engine(root: string, hi: string, cache = true) {
    write(root, 'core/locales/es-AR.json', JSON.stringify({ hi }));
    return new ViewEngine({ coreDir: join(root, 'core'), themes: new Map(), plugins: [], catalog: new Catalog([{ dir: join(root, 'core/locales') }], ['es-AR']), cache });
  }
  const render = (views: ViewEngine) => views.render(null, 'page', { locale: 'es-AR' });

  it("each render the same template with their own catalogue's words", () => {
    const page = (root: string) => {
      write(root, 'core/views/page.hbs', '<p>{{t "hi"}}</p>');
      write(root, 'core/views/layouts/main.hbs', '<main>{{t "hi"}}{{{body}}}</main>');
      return root;
    };
    const one = engine(page(mkdtempSync(join(tmpdir(), 'views-'))), 'Hola');
    const other = engine(page(mkdtempSync(join(tmpdir(), 'views-'))), 'Buenas');
    expect(render(one)).toBe('<main>Hola<p>Hola</p></main>');
    expect(render(other)).toBe('<main>Buenas<p>Buenas</p></main>');
  });

  it('show an edited template in a portal started after the edit, and at once in development', () => {
    const root = mkdtempSync(join(tmpdir(), 'views-'));
    write(root, 'core/views/layouts/main.hbs', '<main>{{{body}}}</main>');
    write(root, 'core/views/page.hbs', 'before {{t "hi"}}');
    const started = engine(root, 'Hola');
    const development = engine(root, 'Hola', false);
    expect(render(started)).toBe('<main>before Hola</main>');
    expect(render(development)).toBe('<main>before Hola</main>');
    write(root, 'core/views/page.hbs', 'after {{t "hi"}}');
    expect(render(engine(root, 'Hola'))).toBe('<main>after Hola</main>');
    expect(render(development)).toBe('<main>after Hola</main>');
    expect(render(started)).toBe('<main>before Hola</main>');
  });
});
