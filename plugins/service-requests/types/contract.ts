import type { EntityManager } from '@mikro-orm/postgresql';
import type { InferEntity } from '@mikro-orm/core';
import type { Account, AccountService, JsonSchema, PortalServices, Locale, Tenant, UploadKind } from 'portal/sdk';

export type AccountRow = InferEntity<typeof Account>;
export type ServiceRow = InferEntity<typeof AccountService>;

/** A file the customer sends with the form; its label is `<labels>.documents.<id>` in the declaring plugin's locales. */
export interface DocumentRequirement {
  /** Letters, digits and dashes; the form field is `doc-<id>`. */
  id: string;
  /** What the file may be, checked by extension AND magic bytes. */
  kinds: UploadKind[];
  maxBytes: number;
  /** Offered but not demanded (e.g. a proof only some relationships have). */
  optional?: boolean;
}

/** What a request is about: an account of the customer and, for service types, one of its services. */
export interface TargetContext<S = Record<string, any>> {
  tenant: Tenant;
  /** The language of the page being drawn (labels built in code, like plan titles, follow it). */
  locale: Locale;
  /** The declaring plugin's settings for the tenant, defaults applied. */
  settings: S;
  account: AccountRow;
  service: ServiceRow | null;
  /**
   * `form` while offering and checking a new request; `display` while showing a stored one, when a
   * schema must still name choices no longer on offer (the plan a service has since moved to).
   */
  purpose: 'form' | 'display';
}

export interface SubmitContext<S = Record<string, any>> extends TargetContext<S> {
  /** The signed-in customer filing the request. */
  customer: { id: number; email: string | null };
}

/** An i18n key (declaring plugin's locales first, then core's) and its placeholders. */
export interface Message {
  key: string;
  params?: Record<string, unknown>;
}

/** Charges added to the account's current-account statement (through the invoices plugin). */
export interface StatementCharges {
  /** False when the tenant does not enable invoices: there is no statement to add to. */
  readonly available: boolean;
  /**
   * Adds a charge in the decision's transaction; `key` makes it idempotent per request. Returns
   * false (and adds nothing) when the statement is not available.
   */
  addCharge(charge: { key: string; description: string; amount: number }): Promise<boolean>;
}

export interface DecisionContext<D = Record<string, any>, S = Record<string, any>> extends TargetContext<S> {
  /** Inside the decision's transaction: everything written through it commits or rolls back with the decision. */
  em: EntityManager;
  /** `number` is what the customer was told ("solicitud N°"), consecutive per tenant. */
  request: { id: number; number: number; type: string; data: D; customerId: number | null; createdAt: Date };
  /** The operator deciding; null when the provider's system decides through an API key. */
  staff: { id: number; name: string } | null;
  /** The reason an operator gave for a rejection; null on approval. */
  reason: string | null;
  portal: PortalServices;
  /** An audit entry with the operator as actor, in the same transaction. */
  audit(record: { action: string; subject?: string; details?: Record<string, unknown> }): void;
  statement: StatementCharges;
  /** An event emitted for the tenant once the decision has committed (never for a rolled-back one). */
  emitAfterCommit(event: string, payload: Record<string, unknown>): void;
}

/**
 * A kind of request a plugin offers customers. Labels live in the declaring plugin's locales under
 * `<labels>`: `.title`, `.description`, `.fields.<name>.label`, `.fields.<name>.hint`,
 * `.fields.<name>.options.<value>`, `.fields.<name>.error`, `.documents.<id>.label`, `.documents.<id>.hint`.
 */
export interface RequestTypeDefinition<D = Record<string, any>, S = Record<string, any>> {
  /** Unique among all plugins; lowercase letters, digits and dashes; appears in URLs. */
  id: string;
  /** The declaring plugin: a tenant offers the type only while it enables that plugin. */
  plugin: string;
  /** i18n prefix in the declaring plugin's locales, e.g. `types.ownershipChange`. */
  labels: string;
  target: 'account' | 'service';
  /** Lower comes first in lists; default 500. */
  order?: number;
  /**
   * JSON Schema of the form (type object; one property per field, in display order), checked with
   * ajv. A function when the choices depend on the tenant or the target (plans on offer).
   */
  formSchema: JsonSchema | ((ctx: TargetContext<S>) => JsonSchema);
  requiredDocuments?: DocumentRequirement[];
  /** Whether the type is offered for this account/service (e.g. only for suspended services). Default: always. */
  appliesTo?(ctx: TargetContext<S>): boolean;
  /** Checks beyond the schema; returns field name → message key for each problem. */
  validate?(data: D, ctx: SubmitContext<S>): Record<string, string> | null | undefined;
  /** A note shown above the form (a fee, a delay). */
  notice?(ctx: TargetContext<S>): Message | null;
  /** Applies the request, inside the approval transaction; throw DecisionError to refuse with a message. */
  onApprove(ctx: DecisionContext<D, S>): Promise<void> | void;
  /** Runs inside the rejection transaction, e.g. to release something held for the request. */
  onReject?(ctx: DecisionContext<D, S>): Promise<void> | void;
}

/** A declared type, checked and frozen by defineRequestType. */
export type RequestType = Readonly<RequestTypeDefinition<any, any>> & { readonly kind: 'service-request-type' };
