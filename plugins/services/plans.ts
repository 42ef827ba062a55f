import { allTexts, formatMoney, localize, type Locale, type Tenant } from 'portal/sdk';
import type { Plan, ServicesSettings } from './settings.ts';

/** The catalogue, first of each id only: a tenant file repeating an id must not offer it twice. */
export function catalogue(settings: ServicesSettings): Plan[] {
  const seen = new Set<string>();
  return (settings.plans ?? []).filter((p) => !seen.has(p.id) && seen.add(p.id));
}

const same = (a: string, b: string) => a.trim().toLocaleLowerCase('es') === b.trim().toLocaleLowerCase('es');
/** A service's plan is named as the billing system names it: a plan's name in any of its languages. */
const named = (plan: Plan, name: string) => allTexts(plan.name).some((n) => same(n, name));

/** The catalogue plan a service is on, by name, if the tenant still offers it. */
export function currentPlan(settings: ServicesSettings, service: { kind: string; plan: string }): Plan | undefined {
  return catalogue(settings).find((p) => same(p.kind, service.kind) && named(p, service.plan));
}

/** Plans of the same kind the service could move to. */
export function otherPlans(settings: ServicesSettings, service: { kind: string; plan: string }): Plan[] {
  return catalogue(settings).filter((p) => same(p.kind, service.kind) && !named(p, service.plan));
}

/** The name a service on `plan` gets: the tenant's default language's, as its billing system knows it. */
export function billingName(plan: Plan, tenant: Tenant): string {
  return localize(plan.name, tenant.locale);
}

export function planById(settings: ServicesSettings, id: unknown): Plan | undefined {
  return catalogue(settings).find((p) => p.id === id);
}

// Plan titles are built inside a form schema, which has the page's language but no catalogue.
const PER_MONTH: Record<Locale, string> = { 'es-AR': 'por mes', en: 'a month' };

/** How a plan reads in a list: name, price per month when the tenant publishes one. */
export function planTitle(plan: Plan, tenant: Tenant, locale: Locale): string {
  const name = localize(plan.name, locale);
  return plan.price !== undefined ? `${name} — ${formatMoney(plan.price, tenant.currency)} ${PER_MONTH[locale] ?? PER_MONTH['es-AR']}` : name;
}
