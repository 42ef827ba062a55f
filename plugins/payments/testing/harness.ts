import { fileURLToPath } from 'node:url';
import { startTestPortal, type TestPortal, type TestStorage, seedCustomer, type SeededCustomer, type Client, browser } from 'portal/testing';
import type { InvoiceInput, InvoicesProvides } from '../../invoices/api.ts';
import { paymentsOf } from '../provides.ts';
import { mercadoPagoAdapter } from '../gateways/mercadopago/adapter.ts';
import { stripeAdapter } from '../gateways/stripe/adapter.ts';
import { startMercadoPagoStub, type MercadoPagoStub } from './mercadopago-stub.ts';
import { startStripeStub, type StripeStub } from './stripe-stub.ts';

export const TENANTS_DIR = fileURLToPath(new URL('../test-fixtures/tenants', import.meta.url));
export const HOSTS = { payon: 'portal.payon.test', payother: 'portal.payother.test', payoff: 'portal.payoff.test' } as const;
export type TenantKey = keyof typeof HOSTS;
export const PASSWORD = 'Quebracho-Colorado-73';

/** Secrets as the environment would hold them; the tenant file names the variables. */
export const SECRETS = { mpToken: 'APP_USR-test-token-1234', mpWebhook: 'mp-webhook-secret-for-tests', stripeKey: 'sk_test_51Payments', stripeWebhook: 'whsec_test_payments' };

export interface PaymentsHarness {
  portal: TestPortal;
  mp: MercadoPagoStub;
  stripe: StripeStub;
  dispose(): Promise<void>;
}

/**
 * A portal on the plugin's fixture tenants (payon, payother, payoff) whose Mercado Pago and
 * Stripe adapters talk to local stubs of those APIs instead of the internet.
 */
export async function startPaymentsPortal(storage?: TestStorage): Promise<PaymentsHarness> {
  process.env.PAYON_MP_TOKEN = SECRETS.mpToken;
  process.env.PAYON_MP_WEBHOOK_SECRET = SECRETS.mpWebhook;
  process.env.PAYON_STRIPE_KEY = SECRETS.stripeKey;
  process.env.PAYON_STRIPE_WEBHOOK_SECRET = SECRETS.stripeWebhook;
  const portal = await startTestPortal({ tenantsDir: TENANTS_DIR }, { storage });
  const mp = await startMercadoPagoStub(SECRETS.mpToken);
  const stripe = await startStripeStub(SECRETS.stripeKey);
  const payments = paymentsOf(portal.services);
  payments.gateways.register(mercadoPagoAdapter({ apiBase: mp.url }), { replace: true });
  payments.gateways.register(stripeAdapter({ apiBase: stripe.url }), { replace: true });
  return {
    portal,
    mp,
    stripe,
    async dispose() {
      await Promise.all([mp.close(), stripe.close()]);
      await portal.dispose();
    },
  };
}

let serial = 0;

export interface Customer extends SeededCustomer {
  client: Client;
  tenantId: TenantKey;
}

/** A customer with one account, signed in through the login form. */
export async function signedInCustomer(portal: TestPortal, tenantId: TenantKey, name = 'cliente'): Promise<Customer> {
  serial += 1;
  const accountNumber = `${tenantId.toUpperCase()}-${String(serial).padStart(4, '0')}`;
  const seeded = await seedCustomer(portal.db, { tenantId, email: `${name}${serial}@${tenantId}.test`, password: PASSWORD, name: `${name[0].toUpperCase()}${name.slice(1)} ${serial}`, accountNumber });
  // Each customer on an IP of their own, as real ones are: the login throttle counts per IP.
  const client = browser(portal, HOSTS[tenantId]);
  const res = await client.login(seeded.email, PASSWORD);
  if (res.statusCode !== 303) throw new Error(`login answered ${res.statusCode}`);
  return { ...seeded, client, tenantId };
}

let invoiceSerial = 1000;

export interface InvoiceSpec {
  typeCode?: number;
  total?: string;
  dueDate?: string;
  secondDueDate?: string;
  secondDueTotal?: string;
  period?: string;
}

/** Loads an invoice the way the provider would (through the invoices plugin) and returns its id. */
export async function loadInvoice(portal: TestPortal, tenantId: TenantKey, accountNumber: string, spec: InvoiceSpec = {}): Promise<{ id: number; externalId: string }> {
  invoiceSerial += 1;
  const externalId = `inv-${tenantId}-${invoiceSerial}`;
  const input: InvoiceInput = {
    externalId,
    accountNumber,
    typeCode: spec.typeCode ?? 6,
    number: `00008-${String(invoiceSerial).padStart(8, '0')}`,
    issueDate: '2026-03-01',
    period: spec.period ?? '2026-03',
    dueDate: spec.dueDate ?? '2099-03-20',
    secondDueDate: spec.secondDueDate,
    secondDueTotal: spec.secondDueTotal,
    total: spec.total ?? '24500.00',
  };
  const tenant = portal.tenants.get(tenantId)!;
  const { id } = await portal.services.plugins.get<InvoicesProvides>('invoices').service(tenant, portal.db.forTenant(tenantId)).upsertInvoice(input, { notify: false });
  return { id, externalId };
}

/** Raw SQL in a test; name the row type, as with the SDK's `sql`: left out, the rows are `never`. */
export function sql<T extends object = never>(portal: TestPortal, query: string, params: unknown[] = []): Promise<T[]> {
  return portal.db.orm.em.getConnection().execute<T[]>(query, params as any[]);
}

/** The portal's, re-exported so this harness's tests take it with the rest. */
export { auditRows, type AuditRow } from 'portal/testing';

/** Counts that must not move when something is refused. */
export async function ledger(portal: TestPortal, tenantId: string) {
  const [row] = await sql<{ payments: number; movements: number; mails: number; events: number }>(
    portal,
    `SELECT (SELECT count(*)::int FROM invoice_payments WHERE tenant_id = ?) AS payments,
            (SELECT count(*)::int FROM account_movements WHERE tenant_id = ? AND kind = 'payment') AS movements,
            (SELECT count(*)::int FROM mail_outbox WHERE tenant_id = ?) AS mails,
            (SELECT count(*)::int FROM payments_events WHERE tenant_id = ?) AS events`,
    [tenantId, tenantId, tenantId, tenantId],
  );
  return row;
}
