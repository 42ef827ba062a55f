import bwipjs from 'bwip-js';
import { recentCache } from '../../invoices/api.ts';

/** Bar and space widths, in narrow-element units, from the first bar to the end of the stop pattern. */
export interface BarPattern {
  widths: number[];
}

/** Wide elements drawn 2.5 times the narrow one: the middle of the 2–3 range readers accept. */
export const WIDE_RATIO = 2.5;

/**
 * Interleaved 2 of 5 for an even digit string. bwip-js works out the pattern; drawing it as
 * vector bars (not a bitmap) keeps the edges sharp on any printer. Its `includecheck` stays off:
 * that would be a GS1 digit, and the collector's check digits are already in the string.
 */
export function interleaved2of5(digits: string): BarPattern {
  if (!/^\d+$/.test(digits) || digits.length % 2) throw new Error('Interleaved 2 of 5 needs an even number of digits');
  return bars(digits);
}

/** The digits are the whole input, so a kept pattern is the right one (the same coupon printed again). */
const bars = recentCache(2000, (digits): BarPattern => {
  const [symbol] = bwipjs.raw({ bcid: 'interleaved2of5', text: digits, includecheck: false }) as unknown as { sbs: number[] }[];
  // bwip-js ends with a trailing space; the printed symbol ends at the stop pattern's last bar.
  const widths = symbol.sbs.length % 2 === 0 ? symbol.sbs.slice(0, -1) : symbol.sbs;
  return { widths: widths.map((w) => (w > 1 ? WIDE_RATIO : 1)) };
});
