import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsonSchema, PortalServices } from '../plugins/define-plugin.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { ImportKind } from '../import/import-kind.ts';

/** What a key may do with a resource; `write` includes `read` of the same resource. */
export type Access = 'read' | 'write';

/** A kind of record the provider reads or writes: `invoices` gives the scopes `invoices:read` and `invoices:write`. */
export interface ApiResource {
  /** Lowercase letters, digits and dashes; unique across core and every plugin. Also the OpenAPI tag. */
  name: string;
  /** One line for the OpenAPI document and the key form in the back office. */
  description: string;
}

/** A public webhook event fed by an EventBus event. */
export interface WebhookEventSource {
  /** What providers subscribe to, `<noun>.<past participle>`: `reading.submitted`, `payment.approved`. */
  event: string;
  /** The EventBus event behind it, e.g. `meter-readings.reading-submitted`. */
  on: string;
  description: string;
  /**
   * The delivery's `data`, naming records by the provider's own ids (account numbers, external
   * ids) rather than the portal's. Runs inside the emitter's transaction; null sends nothing.
   * Without it the bus payload is sent as it is.
   */
  data?(payload: Record<string, unknown>, ctx: { tenant: Tenant; em: EntityManager }): Promise<Record<string, unknown> | null> | Record<string, unknown> | null;
}

export interface ApiRoutesContext {
  portal: PortalServices;
  /** The plugin's settings for the request's tenant (defaults applied); `{}` for core. */
  settings<S = Record<string, unknown>>(request: FastifyRequest): S;
}

/**
 * A plugin's part of the provider API (`api` in the manifest). Routes are registered under
 * `/api/v1` in the plugin's own scope: 404 for tenants without the plugin, a valid key of the
 * request's tenant required, rate-limited and audited. Every route names the scope it needs in
 * `config: { apiScope: '<resource>:read|write' }`, or the portal refuses to start.
 */
export interface PluginApi {
  resources?: ApiResource[];
  routes?(app: FastifyInstance, ctx: ApiRoutesContext): Promise<void> | void;
  /** Events the provider can subscribe to with a webhook endpoint. */
  webhooks?: WebhookEventSource[];
  /** Kinds for `portal import <tenant> <kind> <file>`. */
  imports?: ImportKind[];
  /** Custom ajv formats the plugin's schemas use (`local-date`), for the API's validator. */
  formats?: Record<string, (value: string) => boolean>;
}

/** The key a request authenticated with, as handlers see it. */
export interface ApiKeyIdentity {
  id: number;
  name: string;
  prefix: string;
  scopes: ReadonlySet<string>;
  rateLimit: number;
}

export type { JsonSchema };
