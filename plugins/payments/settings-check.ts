import type { SettingsProblem } from 'portal/sdk';
import type { PaymentsSettings } from './settings.ts';
import { SIZED_FIELDS } from './coupon/coupon-digits.ts';

/** A collector's reader handles a few dozen digits; a longer layout is a typing mistake. */
const MAX_COUPON_DIGITS = 60;

/**
 * What the schema cannot say: ranges whose ends must be in order, and a coupon layout that can
 * actually be printed (sized blocks, a company code that fits, a length readers accept).
 */
export function validateSettings(raw: Record<string, unknown>): SettingsProblem[] {
  const s = raw as unknown as PaymentsSettings;
  const problems: SettingsProblem[] = [];
  if (s.advance && s.advance.min > s.advance.max) problems.push({ path: ['advance', 'min'], message: `must not be above advance.max (${s.advance.max})` });
  if (s.agreements && s.agreements.minInstalments > s.agreements.maxInstalments) {
    problems.push({ path: ['agreements', 'minInstalments'], message: `must not be above agreements.maxInstalments (${s.agreements.maxInstalments})` });
  }
  const layout = s.coupon?.layout ?? [];
  let total = 0;
  layout.forEach((block, i) => {
    if (SIZED_FIELDS.includes(block.field) && !block.length) problems.push({ path: ['coupon', 'layout', i, 'length'], message: `the "${block.field}" block needs its length` });
    if (block.field === 'fixed' && !block.value) problems.push({ path: ['coupon', 'layout', i, 'value'], message: 'the "fixed" block needs its digits' });
    if (block.field === 'company' && block.length && s.coupon.companyCode.length > block.length) {
      problems.push({ path: ['coupon', 'layout', i, 'length'], message: `companyCode "${s.coupon.companyCode}" does not fit in ${block.length} digits` });
    }
    total += block.field === 'dueDate' || block.field === 'secondDueDate' ? 5 : block.field === 'check' ? 1 : block.field === 'fixed' ? (block.value ?? '').length : (block.length ?? 0);
  });
  if (total > MAX_COUPON_DIGITS) problems.push({ path: ['coupon', 'layout'], message: `adds up to ${total} digits; at most ${MAX_COUPON_DIGITS}` });
  if (s.coupon?.enabled && !layout.some((b) => b.field === 'amount')) problems.push({ path: ['coupon', 'layout'], message: 'needs an "amount" block' });
  return problems;
}
