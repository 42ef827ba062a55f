import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntitySchema } from '@mikro-orm/core';
import type { Tenant } from '../tenants/tenant.ts';
import type { AuditRecord } from '../auth/audit.ts';
import type { CurrentStaff } from '../staff/request-types.ts';

/** A JSON Schema object; ajv applies its `default`s to the tenant's settings. */
export type JsonSchema = Record<string, unknown>;

export interface SettingsProblem {
  /** Path inside the plugin's settings, e.g. `['issuer', 'cuit']`. */
  path: (string | number)[];
  message: string;
}

export interface NavItem {
  /** Stable id, also used to mark the active item. */
  id: string;
  /** i18n key, looked up in the plugin's locales (`<plugin>.<key>`) or core's. */
  label: string;
  href: string;
  /** Name of an icon in the theme's icon set (e.g. `file`, `card`, `chart`, `help`). */
  icon?: string;
  /** Lower comes first. Core items use 0 (dashboard) and 900 (profile). */
  order?: number;
}

/** A link a plugin adds to each of the customer's accounts on the profile page. */
export interface AccountAction {
  id: string;
  /** i18n key, looked up in the plugin's locales first (`<plugin>.<key>`), then core's. */
  label: string;
  /** Path with `{number}` standing for the account number (URL-encoded when filled). */
  href: string;
}

export interface DashboardCardContext {
  request: FastifyRequest;
  portal: PortalServices;
  tenant: Tenant;
  em: EntityManager;
  customerId: number;
  accountIds: number[];
  settings: Record<string, unknown>;
}

export interface DashboardCard {
  id: string;
  order?: number;
  /** Template name rendered as the card body, e.g. `faq/card` (looked up through the theme chain). */
  template: string;
  /** Data for the template; return null to leave the card out for this customer. */
  data?: (ctx: DashboardCardContext) => Promise<Record<string, unknown> | null> | Record<string, unknown> | null;
}

export interface JobContext {
  tenant: Tenant;
  em: EntityManager;
  settings: Record<string, unknown>;
  /** The scheduled slot this run stands for (same value in every process). */
  slot: Date;
  log: FastifyInstance['log'];
  portal: PortalServices;
}

export interface JobDefinition {
  name: string;
  /** node-cron expression (5 or 6 fields). */
  cron: string;
  /** IANA zone; the tenant's timezone when left out. */
  timezone?: string;
  run(ctx: JobContext): Promise<void>;
}

export interface EventContext {
  tenant: Tenant;
  em: EntityManager;
  settings: Record<string, unknown>;
  portal: PortalServices;
}

export type EventHandler = (payload: Record<string, unknown>, ctx: EventContext) => Promise<void> | void;

/** What the host hands to plugin code: the same services core uses. */
export interface PortalServices {
  mail: import('../mail/mailer.ts').Mailer;
  events: import('../events/event-bus.ts').EventBus;
  views: import('../views/view-engine.ts').ViewEngine;
  tenants: import('../tenants/tenant-registry.ts').TenantRegistry;
  links: import('../http/links.ts').Links;
  /** Customer files in the configured store, local folder or S3 (see core/storage), scoped by tenant. */
  files: import('../storage/file-storage.ts').FileStorage;
  /** Append-only audit trail (core/auth/audit.ts): record in the same transaction as the change. */
  audit: import('../auth/audit.ts').AuditLog;
  /** What other plugins provide (`provides`): `portal.plugins.get<InvoicesApi>('invoices')`. */
  plugins: import('./provided-services.ts').ProvidedServices;
  /** The provider API's parts (resources, webhook events, import kinds) of core and the plugins. */
  api: import('../api/api-registry.ts').ApiRegistry;
  /** Outbound webhooks: the endpoints' signing secrets and the delivery queue. */
  webhooks: import('../webhooks/webhooks.ts').Webhooks;
}

export interface DemoSeedContext {
  tenant: Tenant;
  em: EntityManager;
  /** The tenant's demo accounts, created by core's demo seed before plugins run. */
  accounts: { id: number; number: string; customerId: number | null; holderName: string }[];
  portal: PortalServices;
}

export interface PluginRoutesContext {
  portal: PortalServices;
  /** This plugin's settings for the request's tenant (defaults applied). */
  settings<S = Record<string, unknown>>(request: FastifyRequest): S;
}

/** Back-office roles. An administrator holds every permission; the others hold what grants them. */
export type StaffRole = 'administrator' | 'billing' | 'support' | 'field';

export const STAFF_ROLES: readonly StaffRole[] = ['administrator', 'billing', 'support', 'field'];

export interface PermissionDefinition {
  /** `<plugin>.<action>`, e.g. `tickets.reply`; checked with `requirePermission('tickets.reply')`. */
  id: string;
  /** i18n key (`<plugin>.<key>` first, then core's), shown on the staff screens. */
  label: string;
  /** Roles granted it by default; administrators hold every permission regardless. */
  roles: StaffRole[];
}

/** A back-office menu item; `href` is under `/staff/`. */
export interface StaffNavItem extends NavItem {
  /** Shown only to staff holding this permission. */
  permission: string;
}

export interface StaffOverviewContext {
  request: FastifyRequest;
  tenant: Tenant;
  /** Sees only the tenant's rows. */
  em: EntityManager;
  staff: CurrentStaff;
  settings: Record<string, unknown>;
}

export interface StaffOverviewValue {
  count: number;
  /** The same measure one period earlier (yesterday, last week): shown as the trend. */
  previous?: number;
  /** Marks the card as needing someone (e.g. requests waiting longer than promised). */
  attention?: boolean;
}

/** A figure on the tenant overview, e.g. open tickets; links to the queue that holds them. */
export interface StaffOverviewCard {
  id: string;
  /** i18n key, plugin locales first. */
  label: string;
  icon?: string;
  /** Where the card leads, under `/staff/`. */
  href?: string;
  /** Only staff holding it see the card. */
  permission: string;
  order?: number;
  /** null leaves the card out. */
  count(ctx: StaffOverviewContext): Promise<number | StaffOverviewValue | null> | number | StaffOverviewValue | null;
}

export interface StaffCustomerPanelContext {
  request: FastifyRequest;
  portal: PortalServices;
  tenant: Tenant;
  /** Sees only the tenant's rows. */
  em: EntityManager;
  staff: CurrentStaff;
  settings: Record<string, unknown>;
  /** The login whose page this is; null on the page of an account nobody has claimed yet. */
  customer: { id: number; name: string; email: string | null } | null;
  /** The accounts shown on the page (the login's, or the one unclaimed account). */
  accounts: { id: number; number: string }[];
}

/**
 * A section of the back office's customer page (the "360"): what the plugin knows about the
 * customer — balance and invoices, payments, tickets, requests — each row linking to its staff page.
 */
export interface StaffCustomerPanel {
  id: string;
  /** Heading, i18n key, plugin locales first. */
  label: string;
  icon?: string;
  /** Only staff holding it see the panel (and nothing of it is read for the others). */
  permission: string;
  /** Lower comes first. */
  order?: number;
  /** Template of the panel's body, e.g. `tickets/staff/customer-panel` (theme chain applies). */
  template: string;
  /** Data for the template; null leaves the panel out for this customer. */
  data(ctx: StaffCustomerPanelContext): Promise<Record<string, unknown> | null> | Record<string, unknown> | null;
}

export interface StaffRoutesContext extends PluginRoutesContext {
  /**
   * Audits an operator's action (actor = the signed-in operator), persisted on the next flush of
   * `em`: request.em by default; pass the `tx` of `em.transactional` to record it with the change.
   */
  audit(request: FastifyRequest, record: Omit<AuditRecord, 'actorType' | 'actorId'>, em?: EntityManager): void;
}

/**
 * A command a plugin adds to the `portal` CLI, e.g. `portal invoices render …`. Core finds it by
 * its name when no core command matches; `portal --help` lists it with core's.
 */
export interface PluginCommand {
  /** Two words: the plugin's name and a verb, `invoices render`. */
  name: string;
  /** `portal invoices render --tenant <id> … [--config file]`, printed by --help and on a usage error. */
  usage: string;
  summary: string;
  /**
   * Gets the arguments after the name and returns the exit code: 0 done, 1 failed, 2 bad command
   * line. Throw `CliError` / `UsageError` (core/cli/cli-error.ts) for a message without a stack trace.
   */
  run(args: string[], io: import('../cli/io.ts').Io): Promise<number>;
}

export interface PluginManifest {
  name: string;
  version: string;
  /**
   * The SDK versions (semver range of `sdkVersion` from portal/sdk) this plugin was written for,
   * e.g. `'^1.0.0'`; a portal whose SDK is outside it refuses to start, naming both.
   */
  sdk: string;
  description?: string;
  /** Plugins that must be installed AND enabled with this one; initialised before it. */
  dependsOn?: string[];
  /**
   * Plugins this one uses when they are there (service-requests charges a fee on the invoices
   * statement): initialised before it when installed, neither required installed nor enabled.
   * Ask per tenant with `portal.plugins.forTenant<T>(tenant, '<name>')` (null when not enabled).
   */
  optionalDependsOn?: string[];
  /** JSON Schema of `plugins.<name>` in a tenant file. */
  settings?: JsonSchema;
  /**
   * Checks JSON Schema cannot express (a CUIT's check digit, a date range), run after the schema
   * passed. Each problem names its path inside the plugin's settings and becomes a
   * file:line:field error of the tenant file, like any schema error.
   */
  validateSettings?: (settings: Record<string, unknown>) => SettingsProblem[];
  entities?: EntitySchema<any, any>[];
  /**
   * Registered once in an encapsulated fastify scope; the host answers 404 for every route of a
   * plugin the request's tenant has not enabled, before any handler runs.
   */
  routes?: (app: FastifyInstance, ctx: PluginRoutesContext) => Promise<void> | void;
  navigation?: NavItem[];
  dashboard?: DashboardCard[];
  /** Links on each account of the profile page (e.g. "start a change of holder"). */
  accountActions?: AccountAction[];
  jobs?: JobDefinition[];
  /** Event name → handler; called only for tenants that enable this plugin. */
  events?: Record<string, EventHandler>;
  /**
   * The plugin's public service for other plugins (and the provider API), built once at start,
   * after the services of the plugins it depends on. Others reach it with
   * `portal.plugins.get('<name>')` and must check `tenant.plugins.has('<name>')` per tenant.
   */
  provides?: (portal: PortalServices, extensions: import('./extension-points.ts').ExtensionReader) => unknown;
  /**
   * Kinds of things other plugins add to this one (`defineExtensionPoint`, exported from your
   * api.ts); `provides` reads what was contributed with `extensions.contributions(point)`.
   */
  extensionPoints?: import('./extension-points.ts').ExtensionPoint<unknown>[];
  /**
   * What this plugin adds to other plugins' extension points (`point.contribute(...items)`),
   * collected by the host at start; the providing plugin must be in dependsOn or optionalDependsOn.
   */
  contributes?: import('./extension-points.ts').Contribution[];
  /**
   * Demo data for a tenant that enables the plugin (`portal seed demo`, `npm start`). Must be
   * idempotent: running it twice leaves the same rows.
   */
  demoSeed?: (ctx: DemoSeedContext) => Promise<void>;
  /** What this plugin's staff screens check; ids start with `<name>.`. */
  permissions?: PermissionDefinition[];
  /**
   * Back-office routes, registered under `/staff` in the plugin's own scope: 404 for tenants that
   * have not enabled the plugin, a signed-in operator required. Every route states
   * `config: { permission: '<id>' }` (403 page and an audit entry for staff without it) or
   * `config: { public: true }` (any signed-in operator); the portal refuses to start otherwise.
   * Render with `reply.staffPage()`.
   */
  staffRoutes?: (app: FastifyInstance, ctx: StaffRoutesContext) => Promise<void> | void;
  staffNavigation?: StaffNavItem[];
  staffOverview?: StaffOverviewCard[];
  /** Sections of the staff customer page (`/staff/customers/:id`): see StaffCustomerPanel. */
  staffCustomerPanels?: StaffCustomerPanel[];
  /** The plugin's part of the provider API, webhooks and bulk import; see core/api/contract.ts. */
  api?: import('../api/contract.ts').PluginApi;
  /** Operator commands of the `portal` CLI, e.g. a bulk job that runs outside the server. */
  commands?: PluginCommand[];
}

/** A manifest plus the folder it lives in (views/, locales/, migrations/ are found there). */
export interface PluginDefinition extends PluginManifest {
  readonly kind: 'portal-plugin';
}

export function definePlugin(manifest: PluginManifest): PluginDefinition {
  if (!/^[a-z][a-z0-9-]*$/.test(manifest.name)) {
    throw new Error(`plugin name "${manifest.name}" must be lowercase letters, digits and dashes`);
  }
  checkOwnNames(manifest);
  for (const point of manifest.extensionPoints ?? []) {
    if (point.plugin !== manifest.name) throw new Error(`plugin "${manifest.name}": extension point "${point.id}" belongs to plugin "${point.plugin}"`);
  }
  for (const dep of manifest.optionalDependsOn ?? []) {
    if (dep === manifest.name || manifest.dependsOn?.includes(dep)) {
      throw new Error(`plugin "${manifest.name}": optionalDependsOn names "${dep}", which is ${dep === manifest.name ? 'itself' : 'in dependsOn already'}`);
    }
  }
  return Object.freeze({ ...manifest, kind: 'portal-plugin' as const });
}

export interface LoadedPlugin {
  definition: PluginDefinition;
  name: string;
  /** Folder holding the plugin (its views/, locales/, migrations/). */
  dir: string;
}

/**
 * A plugin may only declare its own permissions, or it could grant core's (`customers.lock`) to a
 * role; its commands live under its own name for the same reason (no plugin shadows `portal start`).
 */
function checkOwnNames(manifest: PluginManifest): void {
  for (const permission of manifest.permissions ?? []) {
    if (!permission.id.startsWith(`${manifest.name}.`)) {
      throw new Error(`plugin "${manifest.name}": permission "${permission.id}" must start with "${manifest.name}."`);
    }
    const unknown = permission.roles.filter((r) => !STAFF_ROLES.includes(r));
    if (unknown.length) throw new Error(`plugin "${manifest.name}": permission "${permission.id}" names unknown roles ${unknown.join(', ')}`);
  }
  for (const command of manifest.commands ?? []) {
    const [plugin, verb, ...more] = command.name.split(' ');
    if (plugin !== manifest.name || !verb || !/^[a-z][a-z0-9-]*$/.test(verb) || more.length) {
      throw new Error(`plugin "${manifest.name}": command "${command.name}" must be "${manifest.name} <verb>" (lowercase letters, digits, dashes)`);
    }
  }
  for (const item of [...(manifest.staffNavigation ?? []), ...(manifest.staffOverview ?? [])]) {
    if (item.href !== undefined && !item.href.startsWith('/staff/')) {
      throw new Error(`plugin "${manifest.name}": staff link "${item.href}" must start with /staff/`);
    }
  }
}
