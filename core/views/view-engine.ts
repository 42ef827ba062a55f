import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import type { LoadedPlugin } from '../plugins/define-plugin.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { Theme } from './themes.ts';
import { Catalog } from '../i18n/i18n.ts';
import { registerHelpers } from './helpers.ts';
import { withConstantHelpers } from './constant-helpers.ts';
import { pageInLayout } from './page-in-layout.ts';
import { asIs, combined, compileShared, parseOnce, type PreparedSource } from './shared-templates.ts';

type Template = Handlebars.TemplateDelegate;

const COMPILE = { strict: false, preventIndent: true };

export interface ViewEngineOptions {
  coreDir: string;
  themes: Map<string, Theme>;
  plugins: LoadedPlugin[];
  catalog: Catalog;
  /** Off in development so edited templates show on reload. */
  cache: boolean;
}

/**
 * One compiled Handlebars world: a lookup chain, its partials, its helpers, its template cache,
 * for one locale (its templates carry that locale's strings) or none (`''`: helpers at render).
 */
interface Environment {
  hbs: typeof Handlebars;
  catalog: Catalog;
  dirs: (name: string) => string[];
  templates: Map<string, Template>;
  /** Pages compiled inside a layout, by layout and page; null: rendered apart. */
  framed: Map<string, Template | null>;
  /** The source of a template or partial, ready to compile in this environment. */
  prepare: (source: string) => PreparedSource;
}

export class TemplateNotFoundError extends Error {}

/**
 * Template lookup, most specific first: `tenants/<id>/views` → `themes/<theme>/templates` →
 * `plugins/<p>/views` (for names `<p>/…`) → `core/views`. Tenants without overrides share one
 * environment per theme, so a thousand plain tenants compile each template once.
 */
export class ViewEngine {
  readonly #opts: ViewEngineOptions;
  readonly #envs = new Map<string, Environment>();
  /** Saves the folder checks on every render once a tenant's environments are known, by locale. */
  readonly #byTenant = new WeakMap<Tenant, Map<string, Environment>>();
  readonly #catalogs = new Map<string, Catalog>();
  readonly #pluginDirs: Map<string, string>;

  constructor(opts: ViewEngineOptions) {
    this.#opts = opts;
    this.#pluginDirs = new Map(opts.plugins.map((p) => [p.name, join(p.dir, 'views')]));
  }

  /** False in development, where templates are read anew on every render. */
  get cachesTemplates(): boolean {
    return this.#opts.cache;
  }

  get catalog(): Catalog {
    return this.#opts.catalog;
  }

  /** Renders `name` and, unless `layout` is false, wraps it in `layouts/<layout ?? main>`. */
  render(tenant: Tenant | null, name: string, data: Record<string, unknown>, layout: string | false = 'main'): string {
    const env = this.#environment(tenant, typeof data.locale === 'string' ? data.locale : '');
    if (layout === false) return this.#template(env, name)(data);
    const framed = this.#framed(env, name, `layouts/${layout}`);
    if (framed) return framed(data);
    const body = this.#template(env, name)(data);
    return this.#template(env, `layouts/${layout}`)({ ...data, body: new Handlebars.SafeString(body) });
  }

  exists(tenant: Tenant | null, name: string): boolean {
    const env = this.#environment(tenant, '');
    return env.dirs(name).some((f) => existsSync(f));
  }

  catalogFor(tenant: Tenant | null): Catalog {
    return this.#environment(tenant, '').catalog;
  }

  /** Where each folder of the chain looks for `name`, most specific first. */
  chain(tenant: Tenant | null): (name: string) => string[] {
    const theme = tenant ? this.#opts.themes.get(tenant.theme) : this.#opts.themes.get('default');
    const pluginDirs = this.#pluginDirs;
    const coreDir = this.#opts.coreDir;
    return (name: string) => {
      const file = `${name}.hbs`;
      const out: string[] = [];
      if (tenant) out.push(join(tenant.dir, 'views', file));
      if (theme) out.push(join(theme.dir, 'templates', file));
      const slash = name.indexOf('/');
      const pluginDir = slash > 0 ? pluginDirs.get(name.slice(0, slash)) : undefined;
      if (pluginDir) out.push(join(pluginDir, name.slice(slash + 1) + '.hbs'));
      out.push(join(coreDir, 'views', file));
      return out;
    };
  }

  /** `locale`: a locale of the catalogue gets its strings compiled in; anything else, none. */
  #environment(tenant: Tenant | null, locale: string): Environment {
    const known = this.#opts.cache && tenant ? this.#byTenant.get(tenant)?.get(locale) : undefined;
    if (known) return known;
    const own = tenant && (existsSync(join(tenant.dir, 'views')) || existsSync(join(tenant.dir, 'locales')));
    const world = `${tenant?.theme ?? 'default'}|${own ? tenant!.id : ''}`;
    const inline = this.#opts.catalog.locales.includes(locale) ? locale : '';
    const key = `${world}|${inline}`;
    let env = this.#envs.get(key);
    if (!env || !this.#opts.cache) {
      let catalog = this.#opts.cache ? this.#catalogs.get(world) : undefined;
      if (!catalog) {
        catalog = own ? this.#opts.catalog.withOverrides(join(tenant!.dir, 'locales')) : this.#opts.catalog;
        this.#catalogs.set(world, catalog);
      }
      const hbs = Handlebars.create();
      registerHelpers(hbs, catalog);
      const prepare = inline ? (source: string) => withConstantHelpers(source, hbs, inline) : asIs;
      env = { hbs, catalog, dirs: this.chain(tenant), templates: new Map(), framed: new Map(), prepare };
      this.#registerPartials(env, tenant);
      this.#envs.set(key, env);
    }
    if (tenant && this.#opts.cache) {
      let byLocale = this.#byTenant.get(tenant);
      if (!byLocale) this.#byTenant.set(tenant, (byLocale = new Map<string, Environment>()));
      byLocale.set(locale, env);
    }
    return env;
  }

  /** Partials live in `partials/` of each folder of the chain; the more specific one wins. */
  #registerPartials(env: Environment, tenant: Tenant | null): void {
    const theme = tenant ? this.#opts.themes.get(tenant.theme) : this.#opts.themes.get('default');
    const roots: { dir: string; prefix: string }[] = [{ dir: join(this.#opts.coreDir, 'views', 'partials'), prefix: '' }];
    for (const [name, dir] of this.#pluginDirs) roots.push({ dir: join(dir, 'partials'), prefix: `${name}/` });
    if (theme) roots.push({ dir: join(theme.dir, 'templates', 'partials'), prefix: '' });
    if (tenant) roots.push({ dir: join(tenant.dir, 'views', 'partials'), prefix: '' });
    for (const root of roots) {
      for (const file of listTemplates(root.dir)) {
        const name = root.prefix + relative(root.dir, file).replace(/\.hbs$/, '');
        // Compiled on first use, like a partial registered as text (the runtime takes no parsed tree).
        env.hbs.registerPartial(name, compileShared(env.hbs, env.prepare(readFileSync(file, 'utf8')), COMPILE));
      }
    }
  }

  #template(env: Environment, name: string): Template {
    const cached = env.templates.get(name);
    if (cached) return cached;
    const template = compileShared(env.hbs, env.prepare(this.#source(env, name)), COMPILE);
    env.templates.set(name, template);
    return template;
  }

  /** The page compiled inside its layout (see page-in-layout.ts), or null where it cannot be. */
  #framed(env: Environment, name: string, layout: string): Template | null {
    const key = `${layout}\u0000${name}`;
    const cached = env.framed.get(key);
    if (cached !== undefined) return cached;
    const page = env.prepare(this.#source(env, name));
    const frame = env.prepare(this.#source(env, layout));
    const tree = (prepared: PreparedSource) => {
      const input = prepared.input();
      return typeof input === 'string' ? parseOnce(env.hbs, input) : input;
    };
    const both = combined('page-in-layout', [frame, page], () => pageInLayout(tree(frame), tree(page)));
    const template = both ? compileShared(env.hbs, both, COMPILE) : null;
    env.framed.set(key, template);
    return template;
  }

  #source(env: Environment, name: string): string {
    const file = env.dirs(name).find((f) => existsSync(f));
    if (!file) throw new TemplateNotFoundError(`template "${name}" not found (looked in: ${env.dirs(name).join(', ')})`);
    return readFileSync(file, 'utf8');
  }
}

export function listTemplates(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listTemplates(path));
    else if (entry.endsWith('.hbs')) out.push(path);
  }
  return out;
}
