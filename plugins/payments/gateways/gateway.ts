import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from 'portal/sdk';
import type { PaymentStatus } from '../domain/statuses.ts';
import type { GatewaySettings } from '../settings.ts';

/** How the invoices plugin records the payment method of a gateway's payments. */
export type RecordedMethod = 'online' | 'credit_card' | 'debit_card' | 'transfer';

/** What an adapter gets on every call: the tenant, its entry in the tenant file, and time. */
export interface GatewayContext {
  tenant: Tenant;
  settings: GatewaySettings;
  /** Tenant-scoped; adapters that keep their own state (the sandbox) use it. */
  em: EntityManager;
  /** Signed notifications older than this are refused. */
  toleranceSeconds: number;
  now(): Date;
}

export interface CheckoutInput {
  /** Our reference, sent as the gateway's external reference and checked on every notification. */
  reference: string;
  amountCents: number;
  currency: string;
  /** One line the customer sees at the gateway, e.g. "RedNorte Internet · Factura B 00008-00068421". */
  description: string;
  payer: { email: string | null; name: string };
  /** Absolute URL the gateway sends the customer back to. */
  returnUrl: string;
  /** Absolute URL of our webhook for this gateway. */
  notificationUrl: string;
  expiresAt: Date;
}

export interface CheckoutCreated {
  /** Where to send the customer's browser. */
  redirectUrl: string;
  /** The gateway's id of the checkout (MP preference, Stripe session, sandbox charge). */
  checkoutId: string;
}

/** A payment as the gateway says it is now. */
export interface GatewayState {
  status: PaymentStatus;
  /** The gateway's own words (`cc_rejected_insufficient_amount`, `payment_intent.succeeded`…). */
  detail: string | null;
  gatewayPaymentId: string | null;
  checkoutId?: string | null;
  reference: string | null;
  amountCents: number | null;
  /** ISO 4217, upper case. */
  currency: string | null;
  paidAt: Date | null;
}

export interface IncomingNotification {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  /** Exactly the bytes received: signatures are computed over them. */
  rawBody: Buffer;
}

export type NotificationCheck =
  | { ok: false; reason: 'signature' | 'stale' | 'malformed' }
  /** `state` null: authentic, but about something we do not track (another topic). */
  | { ok: true; eventKey: string; state: GatewayState | null };

/** What a checkout looked like when we created it: enough for the gateway to find it again. */
export interface KnownPayment {
  reference: string;
  checkoutId: string | null;
  gatewayPaymentId: string | null;
  amountCents: number;
  currency: string;
}

/**
 * A payment gateway. Any plugin can add one (`gatewayExtension.contribute(adapter)` in its
 * manifest) and tenants enable it by its `id` under `payments.gateways`. Adapters never decide what a
 * payment means for the invoices: they report the gateway's state, and the payments plugin
 * checks reference, amount and currency and moves the payment forward.
 */
export interface GatewayAdapter {
  id: string;
  /** Name shown to customers unless the tenant gives a `label`. */
  name: string;
  /** Collecting entity recorded on paid invoices unless the tenant gives a `collector`. */
  collector: string;
  method: RecordedMethod;
  /** Settings keys naming environment variables that must be set for the adapter to work. */
  secretKeys?: string[];
  createCheckout(ctx: GatewayContext, input: CheckoutInput): Promise<CheckoutCreated>;
  /** Verifies a notification (signature, freshness) and says what it means, re-fetching when the body is not signed. */
  handleNotification?(ctx: GatewayContext, notification: IncomingNotification): Promise<NotificationCheck>;
  /** The payment's current state at the gateway; null when there is nothing yet (customer still deciding). */
  lookup(ctx: GatewayContext, payment: KnownPayment): Promise<GatewayState | null>;
  refund?(ctx: GatewayContext, payment: KnownPayment, amountCents: number): Promise<{ refundId: string }>;
}
