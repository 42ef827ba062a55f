import type { FastifyRequest } from 'fastify';
import type { PluginRoutesContext, CurrentCustomer } from 'portal/sdk';
import type { InvoicesProvides, Receivables } from '../../invoices/api.ts';
import { requestTranslator, type Translate } from '../i18n.ts';
import { paymentsOf } from '../provides.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import { tenantGateways, type TenantGateway } from '../processing/gateways-of-tenant.ts';
import type { PaymentsSettings } from '../settings.ts';

export type OwnedAccount = CurrentCustomer['accounts'][number];

/** What every customer page of the plugin starts from; routes run behind requireCustomer. */
export interface PayContext {
  settings: PaymentsSettings;
  t: Translate;
  registry: GatewayRegistry;
  gateways: TenantGateway[];
  receivables: Receivables;
  accountIds: number[];
  customer: CurrentCustomer;
}

export function payContext(ctx: PluginRoutesContext, request: FastifyRequest): PayContext {
  const settings = ctx.settings<PaymentsSettings>(request);
  const registry = paymentsOf(ctx.portal).gateways;
  const customer = request.customer!;
  return {
    settings,
    t: requestTranslator(ctx.portal.views, request),
    registry,
    gateways: tenantGateways(settings, registry),
    receivables: ctx.portal.plugins.get<InvoicesProvides>('invoices').receivables(request.tenant, request.em),
    accountIds: customer.accounts.map((a) => a.id),
    customer,
  };
}

/**
 * The account a page is about: the one named by `account=<number>` if the customer holds it,
 * else their first. null: named but not theirs (answer 404); undefined: they hold none.
 */
export function pickAccount(customer: CurrentCustomer, requested: unknown): OwnedAccount | null | undefined {
  if (requested === undefined || requested === '') return customer.accounts[0];
  if (typeof requested !== 'string') return null;
  return customer.accounts.find((a) => a.number === requested) ?? null;
}

export function accountLinks(customer: CurrentCustomer, current: OwnedAccount | undefined, path: string) {
  if (customer.accounts.length < 2) return [];
  return customer.accounts.map((a) => ({ number: a.number, href: `${path}?account=${encodeURIComponent(a.number)}`, current: a.id === current?.id }));
}

/** A route id from the URL: a positive 32-bit integer or nothing. */
export function idParam(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
}

/** Repeated form or query fields arrive as a string or an array of them. */
export function manyOf(value: unknown): string[] {
  return ([] as unknown[]).concat(value ?? []).filter((v): v is string => typeof v === 'string');
}
