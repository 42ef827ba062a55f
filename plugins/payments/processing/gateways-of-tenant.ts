import type { EntityManager } from '@mikro-orm/postgresql';
import { localize, type Locale, type Tenant } from 'portal/sdk';
import type { GatewayAdapter, GatewayContext } from '../gateways/gateway.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import type { GatewaySettings, PaymentsSettings } from '../settings.ts';
import type { Translate } from '../i18n.ts';

export interface TenantGateway {
  id: string;
  adapter: GatewayAdapter;
  settings: GatewaySettings;
  invoiceTypes?: number[];
}

/**
 * The gateways a tenant enabled that this portal has an adapter for, in the tenant file's order
 * (the order customers see). An id no plugin registered is left out rather than failing the page.
 */
export function tenantGateways(settings: PaymentsSettings, registry: GatewayRegistry): TenantGateway[] {
  const out: TenantGateway[] = [];
  for (const [id, gs] of Object.entries(settings.gateways ?? {})) {
    const adapter = registry.get(id);
    if (adapter) out.push({ id, adapter, settings: gs ?? {}, invoiceTypes: gs?.invoiceTypes });
  }
  return out;
}

export function gatewayContext(tenant: Tenant, em: EntityManager, settings: PaymentsSettings, gateway: TenantGateway, now: () => Date = () => new Date()): GatewayContext {
  return { tenant, settings: gateway.settings, em, toleranceSeconds: settings.signatureToleranceSeconds, now };
}

/** The tenant's label in the reader's language, else the plugin's translated name for known adapters, else the adapter's own. */
export function gatewayLabel(gateway: TenantGateway, t: Translate, locale: Locale): string {
  if (gateway.settings.label) return localize(gateway.settings.label, locale);
  const key = `gateway.${gateway.id}`;
  const translated = t(key);
  return translated && translated !== `payments.${key}` ? translated : gateway.adapter.name;
}

export function collectorOf(gateway: TenantGateway): string {
  return gateway.settings.collector ?? gateway.adapter.collector;
}
