import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { addFormats } from '../schema/add-formats.ts';
import { SharedAjv } from '../schema/shared-ajv.ts';
import { fieldName, parseYaml, pointerToPath, locateAjvErrors, YamlValidationError, type DataPath, type LocatedError, type ParsedYaml } from '../schema/yaml-validate.ts';
import { addLocalizedText } from '../schema/localized-text-schema.ts';
import { checkTextCoverage, type WrittenText } from './text-coverage.ts';
import { tenantCoreSchema } from './tenant-schema.ts';
import type { Brand, Branding, Contact, MailIdentity, Tenant } from './tenant.ts';
import type { JsonSchema, LoadedPlugin } from '../plugins/define-plugin.ts';
import { orderPlugins } from '../plugins/order-plugins.ts';
import { tenantIdOf } from './hostname-claims.ts';

/** A brand as its file spells it once the core schema passed: only what it changes from the tenant. */
interface BrandData extends Pick<Brand, 'id' | 'name' | 'hostnames'> {
  branding?: Partial<Branding>;
  contact?: Contact;
  mail?: MailIdentity;
}

/** A tenant file once the core schema passed (its defaults applied): the default brand inline. */
interface TenantData extends Omit<Tenant, 'file' | 'dir' | 'brands' | 'plugins'>, Omit<Brand, 'id' | 'name' | 'hostnames'> {
  brands: BrandData[];
  plugins: Record<string, unknown>;
}

/** What validating a tenant needs to know about the install: its plugins and themes. */
export interface TenantValidationContext {
  plugins: LoadedPlugin[];
  /** Theme name → JSON Schema of its settings. */
  themes: Map<string, JsonSchema>;
}

/** Where the data being validated sits in the file, and the texts by language found in it so far. */
interface Scope {
  prefix: DataPath;
  root: unknown;
  texts: WrittenText[];
}

/**
 * The validation under way, for the LocalizedText keyword of the ajv every validator shares: ajv
 * validates synchronously, so the one running is the one whose scope this is.
 */
let scope: Scope | null = null;

/**
 * Every tenant schema of the process, each compiled once whichever validator asks (a portal
 * builds one at each start; tests start hundreds): core's, each plugin's settings, each theme's.
 */
const schemas = new SharedAjv(() =>
  addLocalizedText(addFormats(new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: false })), (map, pointer) => {
    if (scope) scope.texts.push({ map, path: [...scope.prefix, ...pointerToPath(pointer, scope.root)] });
  }),
);

/** Compiles the schemas once per install; validating 1,000 tenants reuses them. */
export class TenantValidator {
  readonly #core: ValidateFunction;
  readonly #plugins = new Map<string, { plugin: LoadedPlugin; validate: ValidateFunction }>();
  readonly #themes = new Map<string, ValidateFunction>();

  readonly context: TenantValidationContext;

  constructor(context: TenantValidationContext) {
    this.context = context;
    this.#core = schemas.compile(tenantCoreSchema);
    for (const plugin of context.plugins) {
      this.#plugins.set(plugin.name, {
        plugin,
        validate: schemas.compile(plugin.definition.settings ?? { type: 'object' }),
      });
    }
    for (const [name, schema] of context.themes) this.#themes.set(name, schemas.compile(schema));
  }

  /** Reads, validates and normalises one tenant file; throws YamlValidationError naming file:line:field. */
  loadFile(file: string): Tenant {
    return this.load(file, readFileSync(file, 'utf8'));
  }

  load(file: string, text: string): Tenant {
    const parsed = parseYaml(file, text);
    const errors: LocatedError[] = [];
    const data = parsed.data as TenantData;
    const texts: WrittenText[] = [];
    if (!this.#within([], data, texts, () => this.#core(data))) {
      // Read before any other validation: a compiled schema is shared, and so are its errors.
      const coreErrors = this.#core.errors ?? [];
      // Plugin settings are checked too, so one run lists every problem of the file.
      const plugins = (parsed.data as Record<string, unknown> | null)?.plugins;
      const pluginErrors = plugins && typeof plugins === 'object' && !Array.isArray(plugins) ? this.#checkPlugins(parsed, data, []) : [];
      throw new YamlValidationError([...locateAjvErrors(parsed, coreErrors), ...pluginErrors]);
    }
    const expectedId = tenantIdOf(file);
    if (data.id !== expectedId) {
      errors.push(at(parsed, ['id'], `must equal the file name "${expectedId}"`));
    }
    if (!knownTimeZone(data.timezone)) {
      errors.push(at(parsed, ['timezone'], 'unknown IANA time zone (e.g. America/Argentina/Buenos_Aires)'));
    }
    if (!data.locales.includes(data.locale)) {
      errors.push(at(parsed, ['locale'], `must be one of locales: ${data.locales.join(', ')}`));
    }
    errors.push(...this.#checkPlugins(parsed, data, texts));
    errors.push(...this.#checkTheme(parsed, data, texts));
    const coverage = checkTextCoverage(parsed, texts, data.locale, data.locales);
    errors.push(...coverage.errors);
    if (errors.length) throw new YamlValidationError(errors);
    return { ...this.#toTenant(file, data), warnings: coverage.warnings };
  }

  /** Runs a validation of `root` (at `prefix` in the file), gathering the texts by language it holds. */
  #within<T>(prefix: DataPath, root: unknown, texts: WrittenText[], validate: () => T): T {
    const outer = scope;
    scope = { prefix, root, texts };
    try {
      return validate();
    } finally {
      scope = outer;
    }
  }

  #checkPlugins(parsed: ParsedYaml, data: TenantData, texts: WrittenText[]): LocatedError[] {
    const errors: LocatedError[] = [];
    const known = [...this.#plugins.keys()].sort();
    for (const name of Object.keys(data.plugins)) {
      const entry = this.#plugins.get(name);
      if (!entry) {
        errors.push(at(parsed, ['plugins', name], `unknown plugin; available: ${known.join(', ') || '(none)'}`));
        continue;
      }
      if (data.plugins[name] === null) data.plugins[name] = {};
      if (!this.#within(['plugins', name], data.plugins[name], texts, () => entry.validate(data.plugins[name]))) {
        errors.push(...locateAjvErrors(parsed, entry.validate.errors ?? [], ['plugins', name]));
      } else {
        for (const problem of entry.plugin.definition.validateSettings?.(data.plugins[name] as Record<string, unknown>) ?? []) {
          errors.push(at(parsed, ['plugins', name, ...problem.path], problem.message));
        }
      }
      for (const dep of entry.plugin.definition.dependsOn ?? []) {
        if (!(dep in data.plugins)) {
          errors.push(at(parsed, ['plugins', name], `plugin "${name}" needs plugin "${dep}" enabled too`));
        }
      }
    }
    return errors;
  }

  #checkTheme(parsed: ParsedYaml, data: TenantData, texts: WrittenText[]): LocatedError[] {
    const validate = this.#themes.get(data.theme);
    if (!validate) {
      return [at(parsed, ['theme'], `unknown theme; available: ${[...this.#themes.keys()].sort().join(', ')}`)];
    }
    if (this.#within(['themeSettings'], data.themeSettings, texts, () => validate(data.themeSettings))) return [];
    return locateAjvErrors(parsed, validate.errors ?? [], ['themeSettings']);
  }

  #toTenant(file: string, data: TenantData): Tenant {
    const enabled = orderPlugins(this.context.plugins.filter((p) => p.name in data.plugins));
    const defaultBrand: Brand = {
      id: data.id,
      name: data.name,
      hostnames: data.hostnames.map(lower),
      branding: data.branding,
      contact: data.contact,
      mail: data.mail,
    };
    const extraBrands: Brand[] = data.brands.map((b) => ({
      id: b.id,
      name: b.name,
      hostnames: b.hostnames.map(lower),
      branding: mergeBranding(data.branding, b.branding),
      contact: { ...data.contact, ...b.contact },
      mail: { ...data.mail, ...b.mail },
    }));
    return {
      id: data.id,
      name: data.name,
      file,
      dir: join(dirname(file), data.id),
      hostnames: data.hostnames.map(lower),
      locale: data.locale,
      locales: data.locales,
      currency: data.currency,
      timezone: data.timezone,
      theme: data.theme,
      themeSettings: data.themeSettings,
      brands: [defaultBrand, ...extraBrands],
      plugins: new Map(enabled.map((p) => [p.name, data.plugins[p.name] as Record<string, unknown>])),
    };
  }
}

const timeZones = new Map<string, boolean>();

/**
 * Asking Intl is the only check that knows every name it accepts (aliases included), but it
 * builds a formatter, which was a fifth of loading a tenant file; a thousand tenants share a few zones.
 */
function knownTimeZone(zone: string): boolean {
  let known = timeZones.get(zone);
  if (known === undefined) {
    try {
      Intl.DateTimeFormat('en', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    timeZones.set(zone, known);
  }
  return known;
}

function lower(h: string): string {
  return h.toLowerCase();
}

/** A brand names only the colours it changes; the rest come from the tenant. */
function mergeBranding(base: Branding, own: Partial<Branding> | undefined): Branding {
  if (!own) return base;
  return {
    logo: own.logo ?? base.logo,
    colors: { ...base.colors, ...own.colors },
    fonts: { ...base.fonts, ...own.fonts },
  };
}

export function at(parsed: ParsedYaml, path: (string | number)[], message: string): LocatedError {
  const { line, column } = parsed.locate(path);
  return { file: parsed.file, line, column, field: fieldName(path), message };
}
