import type { ReceivableInvoice } from '../../invoices/api.ts';
import { parseTypedAmount, toCents } from '../domain/money.ts';
import { checkSelection, showPayInAdvance, type Charge } from '../domain/pay-rules.ts';
import { offersOf, payable } from '../domain/offers.ts';
import type { TenantGateway } from '../processing/gateways-of-tenant.ts';
import { idParam, manyOf, type PayContext } from './context.ts';

/** What a pay form or link names: some invoices, all of them, or an amount in advance. */
export interface SelectionInput {
  invoice?: unknown;
  all?: unknown;
  advance?: unknown;
}

export interface Selection {
  kind: 'invoices' | 'advance';
  documents: ReceivableInvoice[];
  amountCents: number;
  /** How the amount was reached: credit used and part on account (zero for an advance). */
  charge: Pick<Charge, 'lines' | 'creditCents' | 'onAccountCents'>;
  /** Gateways that may take this payment, in the tenant's order. */
  gateways: TenantGateway[];
}

export type SelectionError = 'not-found' | 'empty' | 'not-payable' | 'no-common-gateway' | 'over-limit' | 'nothing-owed' | 'advance-off' | 'advance-amount' | 'amount-changed';

export type SelectionResult = { ok: true; selection: Selection } | { ok: false; error: SelectionError };

/** At most this many invoices in one checkout: a form can name no more than a page lists. */
const MAX_DOCUMENTS = 60;

/**
 * Checks a selection against the same rules the pay page showed its buttons by, every time:
 * a page can be stale and a form can be edited. An invoice id that is not on the account is
 * `not-found`, never a hint that it exists elsewhere.
 */
export async function resolveSelection(rc: PayContext, accountId: number, input: SelectionInput): Promise<SelectionResult> {
  const limitCents = toCents(rc.settings.payButtonLimit);
  const offers = offersOf(rc.gateways);
  const balanceCents = toCents(await rc.receivables.balance(accountId));
  if (input.advance !== undefined) {
    if (!showPayInAdvance(balanceCents, limitCents, offers, rc.settings.advance.enabled)) return { ok: false, error: 'advance-off' };
    const amountCents = parseTypedAmount(input.advance);
    const { min, max } = rc.settings.advance;
    if (amountCents === null || amountCents < toCents(min) || amountCents > toCents(max)) return { ok: false, error: 'advance-amount' };
    return { ok: true, selection: { kind: 'advance', documents: [], amountCents, charge: { lines: [], creditCents: 0, onAccountCents: amountCents }, gateways: rc.gateways } };
  }

  let documents: ReceivableInvoice[];
  const whole = input.all === '1';
  if (whole) {
    documents = await rc.receivables.openInvoices(accountId);
  } else {
    const raw = manyOf(input.invoice).slice(0, MAX_DOCUMENTS + 1);
    if (raw.length > MAX_DOCUMENTS) return { ok: false, error: 'not-payable' };
    const ids = [...new Set(raw.map(idParam))];
    if (ids.some((id) => id === null)) return { ok: false, error: 'not-found' };
    documents = await rc.receivables.invoices(accountId, ids as number[]);
    if (documents.length !== ids.length) return { ok: false, error: 'not-found' };
  }
  if (documents.some((d) => d.cancelled || d.kind === 'credit_note')) return { ok: false, error: 'not-payable' };
  const check = checkSelection(documents.map(payable), balanceCents, offers, limitCents, whole);
  if (!check.ok) return { ok: false, error: check.reason };
  const { amountCents, ...charge } = check.charge;
  return {
    ok: true,
    selection: { kind: 'invoices', documents, amountCents, charge, gateways: rc.gateways.filter((g) => check.gateways.includes(g.id)) },
  };
}
