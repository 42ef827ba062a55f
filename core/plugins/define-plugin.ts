import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntitySchema } from '@mikro-orm/core';
import type { Tenant } from '../tenants/tenant.ts';

/** A JSON Schema object; ajv applies its `default`s to the tenant's settings. */
export type JsonSchema = Record<string, unknown>;

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

export interface DashboardCardContext {
  request: FastifyRequest;
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
  /** Customer uploads, outside every served folder (see core/uploads). */
  files: import('../uploads/upload-store.ts').UploadStore;
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

export interface PluginManifest {
  name: string;
  version: string;
  description?: string;
  dependsOn?: string[];
  /** JSON Schema of `plugins.<name>` in a tenant file. */
  settings?: JsonSchema;
  entities?: EntitySchema<any, any>[];
  /**
   * Registered once in an encapsulated fastify scope; the host answers 404 for every route of a
   * plugin the request's tenant has not enabled, before any handler runs.
   */
  routes?: (app: FastifyInstance, ctx: PluginRoutesContext) => Promise<void> | void;
  navigation?: NavItem[];
  dashboard?: DashboardCard[];
  jobs?: JobDefinition[];
  /** Event name → handler; called only for tenants that enable this plugin. */
  events?: Record<string, EventHandler>;
  /**
   * Demo data for a tenant that enables the plugin (`portal seed demo`, `npm start`). Must be
   * idempotent: running it twice leaves the same rows.
   */
  demoSeed?: (ctx: DemoSeedContext) => Promise<void>;
}

/** A manifest plus the folder it lives in (views/, locales/, migrations/ are found there). */
export interface PluginDefinition extends PluginManifest {
  readonly kind: 'portal-plugin';
}

export function definePlugin(manifest: PluginManifest): PluginDefinition {
  if (!/^[a-z][a-z0-9-]*$/.test(manifest.name)) {
    throw new Error(`plugin name "${manifest.name}" must be lowercase letters, digits and dashes`);
  }
  return Object.freeze({ ...manifest, kind: 'portal-plugin' as const });
}

export interface LoadedPlugin {
  definition: PluginDefinition;
  name: string;
  /** Folder holding the plugin (its views/, locales/, migrations/). */
  dir: string;
}
