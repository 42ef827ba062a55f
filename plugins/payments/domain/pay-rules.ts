/**
 * Seed 002's rules for the pay buttons, as pure functions so the matrix can be tested alone:
 * - an invoice shows "pay online" only if its type is enabled on some gateway and
 *   0 < its balance < the tenant's limit;
 * - "pay in advance" shows only when the account owes nothing or owes more than that limit.
 * At exactly the limit neither shows: the seed says "below" for one and "above" for the other.
 */
export interface GatewayOffer {
  id: string;
  /** Voucher codes it accepts; undefined means every type. */
  invoiceTypes?: number[];
}

export interface PayableDocument {
  id: number;
  typeCode: number;
  balanceCents: number;
}

export function gatewaysForType(typeCode: number, gateways: GatewayOffer[]): string[] {
  return gateways.filter((g) => !g.invoiceTypes || g.invoiceTypes.includes(typeCode)).map((g) => g.id);
}

export function showPayOnline(doc: PayableDocument, gateways: GatewayOffer[], limitCents: number): boolean {
  return gatewaysForType(doc.typeCode, gateways).length > 0 && doc.balanceCents > 0 && doc.balanceCents < limitCents;
}

export function showPayInAdvance(accountBalanceCents: number, limitCents: number, gateways: GatewayOffer[], enabled: boolean): boolean {
  return enabled && gateways.length > 0 && (accountBalanceCents <= 0 || accountBalanceCents > limitCents);
}

export type SelectionCheck =
  | { ok: true; gateways: string[]; totalCents: number }
  | { ok: false; reason: 'empty' | 'not-payable' | 'no-common-gateway' | 'over-limit' };

/**
 * Several invoices in one payment: each must be payable online by itself, one gateway must take
 * all their types, and the sum must stay below the limit like a single invoice's balance.
 */
export function checkSelection(docs: PayableDocument[], gateways: GatewayOffer[], limitCents: number): SelectionCheck {
  if (!docs.length) return { ok: false, reason: 'empty' };
  if (!docs.every((d) => showPayOnline(d, gateways, limitCents))) return { ok: false, reason: 'not-payable' };
  const common = gateways.filter((g) => docs.every((d) => !g.invoiceTypes || g.invoiceTypes.includes(d.typeCode))).map((g) => g.id);
  if (!common.length) return { ok: false, reason: 'no-common-gateway' };
  const totalCents = docs.reduce((sum, d) => sum + d.balanceCents, 0);
  if (totalCents >= limitCents) return { ok: false, reason: 'over-limit' };
  return { ok: true, gateways: common, totalCents };
}
