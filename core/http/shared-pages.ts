import { randomText } from './random-pool.ts';
import type { Tenant } from '../tenants/tenant.ts';

/**
 * A visitor's page (the login form, the FAQ) is the same HTML for every visitor of a tenant, brand,
 * language and data, but for the CSP nonce and the form token: rendering it was a third of such a
 * request's CPU (issue 17). It is rendered once with a marker in place of each, cut at the markers,
 * and every request joins the pieces with its own nonce and a token minted only if the page shows
 * one. Keyed by the tenant object, so a reloaded tenant file starts afresh; a bounded number of
 * pages per tenant, since the data may carry what a visitor typed into a query string.
 */
export interface SharedPage {
  /** Text pieces, with a slot between each two: slots[i] goes between pieces[i] and pieces[i + 1]. */
  pieces: string[];
  slots: ('nonce' | 'token')[];
}

const PAGES_PER_TENANT = 32;

export class SharedPages {
  readonly #byTenant = new WeakMap<Tenant, Map<string, SharedPage>>();

  get(tenant: Tenant, key: string): SharedPage | undefined {
    return this.#byTenant.get(tenant)?.get(key);
  }

  set(tenant: Tenant, key: string, page: SharedPage): void {
    let pages = this.#byTenant.get(tenant);
    if (!pages) this.#byTenant.set(tenant, (pages = new Map<string, SharedPage>()));
    if (pages.size >= PAGES_PER_TENANT) pages.delete(pages.keys().next().value!);
    pages.set(key, page);
  }
}

/** Marker strings that HTML escaping leaves alone and no page holds by chance (128 random bits). */
export function newMarkers(): { nonce: string; token: string } {
  return { nonce: `n${randomText(16, 'hex')}`, token: `t${randomText(16, 'hex')}` };
}

export function cutAtMarkers(html: string, markers: { nonce: string; token: string }): SharedPage {
  const pieces: string[] = [];
  const slots: SharedPage['slots'] = [];
  const pattern = new RegExp(`${markers.nonce}|${markers.token}`, 'g');
  let from = 0;
  for (const match of html.matchAll(pattern)) {
    pieces.push(html.slice(from, match.index));
    slots.push(match[0] === markers.nonce ? 'nonce' : 'token');
    from = match.index + match[0].length;
  }
  pieces.push(html.slice(from));
  return { pieces, slots };
}

export function fillSlots(page: SharedPage, nonce: string, token: () => string): string {
  let html = page.pieces[0];
  let minted: string | undefined;
  for (let i = 0; i < page.slots.length; i++) {
    html += page.slots[i] === 'nonce' ? nonce : (minted ??= token());
    html += page.pieces[i + 1];
  }
  return html;
}

/**
 * The cache key of a page's data, or null when the data cannot be told apart by its JSON (a
 * function, a BigInt): such a page is rendered each time.
 */
export function dataKey(data: Record<string, unknown>): string | null {
  let plain = true;
  let json: string;
  try {
    json = JSON.stringify(data, (_key, value: unknown) => {
      if (typeof value === 'function' || typeof value === 'symbol') plain = false;
      return value;
    });
  } catch {
    return null;
  }
  return plain ? json : null;
}
