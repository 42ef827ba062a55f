import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorCheckDigit } from '../coupon/check-digit.ts';
import { julianYyddd } from '../coupon/julian.ts';
import { couponDigits } from '../coupon/coupon-digits.ts';
import { invoiceCouponTerms } from '../coupon/terms.ts';
import { settingsSchema, type CouponBlock } from '../settings.ts';
import { validateSettings } from '../settings-check.ts';
import { loadInvoice, signedInCustomer, startPaymentsPortal, type PaymentsHarness } from '../testing/harness.ts';
import { pdfRects } from '../testing/pdf-bars.ts';
import { decodeInterleaved2of5 } from '../testing/decode-i2of5.ts';
import { pdfText } from '../testing/read-pdf-text.ts';

// The schema is this plugin's own constant; only its type (JsonSchema) forgets the shape.
const DEFAULT_LAYOUT = (settingsSchema.properties as { coupon: { properties: { layout: { default: CouponBlock[] } } } }).coupon.properties.layout.default;
const TWO_CHECKS: CouponBlock[] = [
  { field: 'company', length: 2 },
  { field: 'reference', length: 13 },
  { field: 'amount', length: 9 },
  { field: 'dueDate' },
  { field: 'secondDueDate' },
  { field: 'surcharge', length: 7 },
  { field: 'check' },
  { field: 'check' },
];

describe('coupon digits', () => {
  it('check digit: weights 1,3,5,7,9,3,5,7,9…, sum halved, modulo 10', () => {
    // 0·1 + 4·3 + 4·5 + 7·7 = 81 → 40 → 0
    expect(collectorCheckDigit('0447')).toBe(0);
    // 1 + 6 + 15 + 28 + 45 + 18 + 35 + 56 + 81 = 285 → 142 → 2
    expect(collectorCheckDigit('123456789')).toBe(2);
    expect(() => collectorCheckDigit('12a')).toThrow();
  });

  it('due dates as yyddd (two-digit year, day of the year)', () => {
    expect(julianYyddd('2025-01-01')).toBe('25001');
    expect(julianYyddd('2025-02-01')).toBe('25032');
    expect(julianYyddd('2024-12-31')).toBe('24366');
  });

  it('follows the default layout block by block: company, account, amount in cents, due date, surcharge, days, check', () => {
    const out = couponDigits(DEFAULT_LAYOUT, {
      companyCode: '0447', reference: 'PAYON-0001', amountCents: 2_450_000, dueDate: '2099-03-20', secondDueDate: '2099-03-30', secondAmountCents: 2_572_500,
    });
    expect(out).toMatchObject({ ok: true, digits: '044700000000010245000099079122500101', barcode: '044700000000010245000099079122500101' });
    if (!out.ok) return;
    expect(out.blocks.map((b) => b.digits)).toEqual(['0447', '0000000001', '02450000', '99079', '122500', '10', '1']);
  });

  it('two check digits (the second over the first), and a leading 0 when the count is odd', () => {
    const out = couponDigits(TWO_CHECKS, {
      companyCode: '93', reference: '00008-00001234', amountCents: 2_450_000, dueDate: '2099-03-20', secondDueDate: '2099-03-30', secondAmountCents: 2_572_500,
    });
    expect(out).toMatchObject({ ok: true, digits: '9300008000012340024500009907999089012250092' });
    if (!out.ok) return;
    expect(out.digits).toHaveLength(43);
    expect(out.barcode).toBe(`0${out.digits}`);
    expect(collectorCheckDigit(out.digits.slice(0, -2))).toBe(Number(out.digits.at(-2)));
    expect(collectorCheckDigit(out.digits.slice(0, -1))).toBe(Number(out.digits.at(-1)));
  });

  it('refuses a value that does not fit its block instead of cutting it', () => {
    const base = { companyCode: '0447', reference: '1', dueDate: '2099-03-20', secondDueDate: null, secondAmountCents: null };
    expect(couponDigits(DEFAULT_LAYOUT, { ...base, amountCents: 100_000_000 })).toEqual({ ok: false, field: 'amount', reason: 'too-long' });
    expect(couponDigits(DEFAULT_LAYOUT, { ...base, amountCents: 1, reference: '12345678901' })).toEqual({ ok: false, field: 'reference', reason: 'too-long' });
  });

  it('after the first due date, the second with its surcharge; after both, the balance for a few more days', () => {
    const inv = { balance: '1000.00', total: '1000.00', dueDate: '2026-03-10', secondDueDate: '2026-03-20', secondDueTotal: '1050.00' };
    expect(invoiceCouponTerms(inv, '2026-03-01', 10)).toEqual({ dueDate: '2026-03-10', amountCents: 100000, secondDueDate: '2026-03-20', secondAmountCents: 105000 });
    expect(invoiceCouponTerms(inv, '2026-03-15', 10)).toEqual({ dueDate: '2026-03-20', amountCents: 105000, secondDueDate: null, secondAmountCents: null });
    expect(invoiceCouponTerms(inv, '2026-04-01', 10)).toEqual({ dueDate: '2026-04-11', amountCents: 100000, secondDueDate: null, secondAmountCents: null });
  });

  it('a layout the tenant cannot print is a tenant-file error', () => {
    const problems = validateSettings({
      advance: { min: 10, max: 5 },
      agreements: { minInstalments: 6, maxInstalments: 3 },
      coupon: { enabled: true, companyCode: '12345', layout: [{ field: 'company', length: 4 }, { field: 'reference' }, { field: 'fixed' }] },
    });
    expect(problems.map((p) => p.path.join('.'))).toEqual(['advance.min', 'agreements.minInstalments', 'coupon.layout.0.length', 'coupon.layout.1.length', 'coupon.layout.2.value', 'coupon.layout']);
  });
});

describe('the coupon PDF', () => {
  let h: PaymentsHarness;
  beforeAll(async () => {
    h = await startPaymentsPortal();
  });
  afterAll(async () => h?.dispose());

  async function bars(pdf: Buffer): Promise<string[]> {
    // Two stubs, one barcode each: rectangles of the bar height, grouped by their top edge.
    const rects = pdfRects(pdf).filter((r) => Math.abs(r.h - 52) < 0.01);
    const rows = new Map<number, typeof rects>();
    for (const r of rects) rows.set(r.y, [...(rows.get(r.y) ?? []), r]);
    return [...rows.values()].map((row) => decodeInterleaved2of5(row));
  }

  it('prints bars that decode to the tenant layout’s digits, with the check digit, on both stubs', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'cupon');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '24500.00', dueDate: '2099-03-20', secondDueDate: '2099-03-30', secondDueTotal: '25725.00' });
    const res = await c.client.get(`/payments/coupon.pdf?account=${c.accountNumber}&invoice=${inv.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    const expected = `0447${c.accountNumber.replace(/\D/g, '').padStart(10, '0')}02450000` + `99079` + `122500` + `10`;
    const full = expected + String(collectorCheckDigit(expected));
    expect(await bars(pdf)).toEqual([full, full]);
    const [text] = await pdfText(pdf);
    expect(text).toContain(full);
    expect(text).toContain('$ 24.500,00');
    expect(text).toContain('$ 25.725,00');
    expect(text).toContain('Rapipago · Pago Fácil · Cobro Express');
  });

  it('pads an odd layout with a leading zero and uses the invoice number where the tenant says so', async () => {
    const c = await signedInCustomer(h.portal, 'payother', 'cupon');
    const inv = await loadInvoice(h.portal, 'payother', c.accountNumber, { total: '8000.00', dueDate: '2099-01-05' });
    const res = await c.client.get(`/payments/coupon.pdf?account=${c.accountNumber}&invoice=${inv.id}`);
    expect(res.statusCode).toBe(200);
    const [decoded] = await bars(res.rawPayload);
    expect(decoded).toHaveLength(44);
    expect(decoded.startsWith('093')).toBe(true);
    expect(decoded.slice(16, 25)).toBe('000800000');
  });

  it('an amount coupon, and a refusal when the amount does not fit the layout', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'cupon');
    const ok = await c.client.get(`/payments/coupon.pdf?account=${c.accountNumber}&amount=1.500,00`);
    expect(ok.statusCode).toBe(200);
    expect((await pdfText(ok.rawPayload))[0]).toContain('Pago a cuenta');
    const big = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '1000000.00' });
    const refused = await c.client.get(`/payments/coupon.pdf?account=${c.accountNumber}&invoice=${big.id}`);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('El dato «importe» no entra en el formato de cupón de la empresa.');
  });
});
