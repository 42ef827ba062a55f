import type { CouponBlock, CouponField } from '../settings.ts';
import { collectorCheckDigit } from './check-digit.ts';
import { daysBetween, julianYyddd } from './julian.ts';

/** What a coupon says, before the tenant's layout turns it into digits. */
export interface CouponFacts {
  companyCode: string;
  /** Account or invoice number; only its digits are printed. */
  reference: string;
  amountCents: number;
  dueDate: string;
  secondDueDate: string | null;
  secondAmountCents: number | null;
}

export type CouponDigits =
  | { ok: true; digits: string; barcode: string; blocks: { field: CouponField; digits: string }[] }
  | { ok: false; field: CouponField; reason: 'too-long' | 'negative' };

/** Fields whose width the layout must give; dates and check digits have their own. */
export const SIZED_FIELDS: readonly CouponField[] = ['company', 'reference', 'amount', 'surcharge', 'secondDueDays'];

/**
 * The digit string of a coupon, block by block as the layout orders them. A value wider than its
 * block is refused rather than cut, since a cut amount or account would be paid to the wrong place.
 * Interleaved 2 of 5 encodes digits in pairs, so an odd string gets a leading 0 in `barcode`.
 */
export function couponDigits(layout: CouponBlock[], facts: CouponFacts): CouponDigits {
  const blocks: { field: CouponField; digits: string }[] = [];
  let digits = '';
  for (const block of layout) {
    const value = blockValue(block, facts, digits);
    if (typeof value !== 'string') return { ok: false, field: block.field, reason: value.reason };
    blocks.push({ field: block.field, digits: value });
    digits += value;
  }
  return { ok: true, digits, barcode: digits.length % 2 ? `0${digits}` : digits, blocks };
}

function blockValue(block: CouponBlock, facts: CouponFacts, before: string): string | { reason: 'too-long' | 'negative' } {
  const second = facts.secondDueDate && facts.secondAmountCents !== null;
  switch (block.field) {
    case 'company':
      return fit(facts.companyCode, block.length);
    case 'reference':
      return fit(facts.reference.replace(/\D/g, '') || '0', block.length);
    case 'amount':
      return fit(facts.amountCents, block.length);
    case 'dueDate':
      return julianYyddd(facts.dueDate);
    case 'secondDueDate':
      return second ? julianYyddd(facts.secondDueDate!) : '00000';
    case 'surcharge':
      return fit(second ? facts.secondAmountCents! - facts.amountCents : 0, block.length);
    case 'secondDueDays':
      return fit(second ? daysBetween(facts.dueDate, facts.secondDueDate!) : 0, block.length);
    case 'fixed':
      return block.value ?? '';
    case 'check':
      return String(collectorCheckDigit(before));
  }
}

function fit(value: string | number, length = 0): string | { reason: 'too-long' | 'negative' } {
  if (typeof value === 'number' && (value < 0 || !Number.isSafeInteger(value))) return { reason: 'negative' };
  const text = String(value);
  return text.length > length ? { reason: 'too-long' } : text.padStart(length, '0');
}
