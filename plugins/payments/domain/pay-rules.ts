/**
 * Seed 002's rules for the pay buttons, as pure functions so the matrix can be tested alone.
 * The seed, as issue 4 carries it:
 *
 *   "the online-pay button shows only if the invoice type has the gateway enabled and
 *    0 < balance < the tenant's upper limit; the pay-in-advance button shows only when there is
 *    no pending balance or it is above that limit."
 *
 * "balance" is the account's balance (what the statement says is owed, credits included), not
 * each invoice's: a page that says the balance is above the limit must not offer any invoice
 * online. At exactly the limit neither shows: the seed says "below" for one and "above" for the
 * other.
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

/** Why an open invoice has no online-pay button; each has its own sentence on the page. */
export type NoOnlineReason = 'no-gateway' | 'type-not-online' | 'nothing-owed' | 'over-limit';

export function gatewaysForType(typeCode: number, gateways: GatewayOffer[]): string[] {
  return gateways.filter((g) => !g.invoiceTypes || g.invoiceTypes.includes(typeCode)).map((g) => g.id);
}

/** Seed 002's "0 < balance < limit", on the account's balance. */
export function accountReason(accountBalanceCents: number, limitCents: number): 'nothing-owed' | 'over-limit' | null {
  if (accountBalanceCents <= 0) return 'nothing-owed';
  if (accountBalanceCents >= limitCents) return 'over-limit';
  return null;
}

/** Null when the invoice gets its online-pay button; otherwise the reason it does not. */
export function noOnlineReason(doc: PayableDocument, accountBalanceCents: number, gateways: GatewayOffer[], limitCents: number): NoOnlineReason | null {
  if (!gateways.length) return 'no-gateway';
  if (!gatewaysForType(doc.typeCode, gateways).length) return 'type-not-online';
  if (doc.balanceCents <= 0) return 'nothing-owed';
  return accountReason(accountBalanceCents, limitCents);
}

export function showPayOnline(doc: PayableDocument, accountBalanceCents: number, gateways: GatewayOffer[], limitCents: number): boolean {
  return noOnlineReason(doc, accountBalanceCents, gateways, limitCents) === null;
}

export function showPayInAdvance(accountBalanceCents: number, limitCents: number, gateways: GatewayOffer[], enabled: boolean): boolean {
  return enabled && gateways.length > 0 && (accountBalanceCents <= 0 || accountBalanceCents > limitCents);
}

/**
 * What a payment of invoices charges, and how it is spread over them. The one place the amount
 * is computed: the whole-balance button, the gateway choice page and the checkout all read it.
 * - Paying the whole balance charges the account's balance: credits in the customer's favour
 *   lower it, and debits outside any invoice (a reconnection fee) are paid on account.
 * - Paying some invoices charges their balances, but never more than the account owes, so an
 *   existing credit is used before new money.
 * The amount goes to the invoices in the order given (the earliest due first).
 */
export interface Charge {
  amountCents: number;
  /** Each invoice with what this payment puts on it; invoices the credit already covers are left out. */
  lines: { id: number; amountCents: number }[];
  /** Credit in the customer's favour that lowered the amount. */
  creditCents: number;
  /** Part of the amount that goes on account, not to an invoice. */
  onAccountCents: number;
}

export function chargeFor(docs: PayableDocument[], accountBalanceCents: number, whole: boolean): Charge {
  const sum = docs.reduce((total, d) => total + Math.max(0, d.balanceCents), 0);
  const amountCents = Math.max(0, whole ? accountBalanceCents : Math.min(sum, accountBalanceCents));
  let left = Math.min(amountCents, sum);
  const lines: Charge['lines'] = [];
  for (const d of docs) {
    const part = Math.min(Math.max(0, d.balanceCents), left);
    if (part > 0) lines.push({ id: d.id, amountCents: part });
    left -= part;
  }
  return { amountCents, lines, creditCents: Math.max(0, sum - amountCents), onAccountCents: Math.max(0, amountCents - sum) };
}

export type SelectionCheck =
  | { ok: true; gateways: string[]; charge: Charge }
  | { ok: false; reason: 'empty' | 'not-payable' | 'no-common-gateway' | 'over-limit' | 'nothing-owed' };

/**
 * Several invoices (or all of them) in one payment: each must be payable online by itself, and
 * one gateway must take all their types.
 */
export function checkSelection(docs: PayableDocument[], accountBalanceCents: number, gateways: GatewayOffer[], limitCents: number, whole = false): SelectionCheck {
  if (!docs.length) return { ok: false, reason: 'empty' };
  for (const d of docs) {
    const reason = noOnlineReason(d, accountBalanceCents, gateways, limitCents);
    if (reason === 'over-limit' || reason === 'nothing-owed') return { ok: false, reason };
    if (reason) return { ok: false, reason: 'not-payable' };
  }
  const common = gateways.filter((g) => docs.every((d) => !g.invoiceTypes || g.invoiceTypes.includes(d.typeCode))).map((g) => g.id);
  if (!common.length) return { ok: false, reason: 'no-common-gateway' };
  return { ok: true, gateways: common, charge: chargeFor(docs, accountBalanceCents, whole) };
}
