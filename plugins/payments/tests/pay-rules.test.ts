import { describe, expect, it } from 'vitest';
import { chargeFor, checkSelection, noOnlineReason, showPayInAdvance, showPayOnline, type GatewayOffer, type NoOnlineReason } from '../domain/pay-rules.ts';

// Type 2 (debit note A) is on no gateway here; 1, 6 and 11 are.
const gateways: GatewayOffer[] = [{ id: 'sandbox', invoiceTypes: [1, 6, 11] }, { id: 'mercadopago', invoiceTypes: [6, 11] }];
const limit = 100_000_00;

describe('seed 002 button rules, as functions', () => {
  // The limit applies to the account's balance (open invoices minus credit), not to each invoice.
  // type, invoice balance, credit in the customer's favour, limit → why no online button (null: shown), pay in advance
  const matrix: [number, number, number, number, NoOnlineReason | null, boolean][] = [
    [6, 50_000_00, 0, limit, null, false],
    [6, 99_999_99, 0, limit, null, false],
    [6, 100_000_00, 0, limit, 'over-limit', false],
    [6, 150_000_00, 0, limit, 'over-limit', true],
    [6, 150_000_00, 60_000_00, limit, null, false],
    [6, 102_500_00, 2_500_00, limit, 'over-limit', false],
    [6, 102_499_99, 2_500_00, limit, null, false],
    [6, 102_500_01, 2_500_00, limit, 'over-limit', true],
    [6, 50_000_00, 50_000_00, limit, 'nothing-owed', true],
    [6, 50_000_00, 60_000_00, limit, 'nothing-owed', true],
    [11, 1, 0, limit, null, false],
    [2, 50_000_00, 0, limit, 'type-not-online', false],
    [2, 150_000_00, 0, limit, 'type-not-online', true],
    [2, 150_000_00, 60_000_00, limit, 'type-not-online', false],
    [2, 50_000_00, 50_000_00, limit, 'type-not-online', true],
    [6, 15_000_00, 0, 20_000_00, null, false],
    [6, 20_000_00, 0, 20_000_00, 'over-limit', false],
    [6, 25_000_00, 0, 20_000_00, 'over-limit', true],
    [6, 25_000_00, 10_000_00, 20_000_00, null, false],
    [6, 25_000_00, 25_000_00, 20_000_00, 'nothing-owed', true],
  ];
  for (const [type, owed, credit, lim, reason, advance] of matrix) {
    const account = owed - credit;
    it(`type ${type}, invoice ${owed}, credit ${credit}, limit ${lim} → ${reason ?? 'pay online'}, advance ${advance ? 'yes' : 'no'}`, () => {
      const doc = { id: 1, typeCode: type, balanceCents: owed };
      expect(noOnlineReason(doc, account, gateways, lim)).toBe(reason);
      expect(showPayOnline(doc, account, gateways, lim)).toBe(reason === null);
      expect(showPayInAdvance(account, lim, gateways, true)).toBe(advance);
    });
  }

  it('invoices each below the limit are not offered online when the account’s balance is above it', () => {
    const docs = [{ id: 1, typeCode: 6, balanceCents: 60_000_00 }, { id: 2, typeCode: 6, balanceCents: 60_000_00 }];
    expect(docs.map((d) => noOnlineReason(d, 120_000_00, gateways, limit))).toEqual(['over-limit', 'over-limit']);
    expect(showPayInAdvance(120_000_00, limit, gateways, true)).toBe(true);
    // With 30.000 in the customer's favour the account owes 90.000: both are offered again.
    expect(docs.map((d) => noOnlineReason(d, 90_000_00, gateways, limit))).toEqual([null, null]);
  });

  it('with no gateway there is no online button and no payment in advance', () => {
    expect(noOnlineReason({ id: 1, typeCode: 6, balanceCents: 1000 }, 1000, [], limit)).toBe('no-gateway');
    expect(showPayInAdvance(0, limit, [], true)).toBe(false);
    expect(showPayInAdvance(0, limit, gateways, false)).toBe(false);
  });

  it('several invoices: each payable, a gateway for all their types, the account below the limit', () => {
    const doc = (id: number, typeCode: number, balanceCents: number) => ({ id, typeCode, balanceCents });
    expect(checkSelection([doc(1, 1, 1000), doc(2, 11, 2000)], 3000, gateways, limit)).toMatchObject({ ok: true, gateways: ['sandbox'], charge: { amountCents: 3000 } });
    expect(checkSelection([doc(1, 2, 1000), doc(2, 11, 2000)], 3000, gateways, limit)).toEqual({ ok: false, reason: 'not-payable' });
    expect(checkSelection([doc(1, 6, 60_000_00), doc(2, 6, 40_000_00)], 100_000_00, gateways, limit)).toEqual({ ok: false, reason: 'over-limit' });
    expect(checkSelection([doc(1, 6, 60_000_00), doc(2, 6, 50_000_00)], 90_000_00, gateways, limit)).toMatchObject({ ok: true, charge: { amountCents: 90_000_00, creditCents: 20_000_00 } });
    expect(checkSelection([doc(1, 6, 1000)], 0, gateways, limit)).toEqual({ ok: false, reason: 'nothing-owed' });
    expect(checkSelection([], 1000, gateways, limit)).toEqual({ ok: false, reason: 'empty' });
    expect(checkSelection([doc(1, 1, 1000), doc(2, 11, 2000)], 3000, [{ id: 'a', invoiceTypes: [1] }, { id: 'b', invoiceTypes: [11] }], limit)).toEqual({ ok: false, reason: 'no-common-gateway' });
  });
});

describe('what a payment of invoices charges, computed once', () => {
  const docs = [{ id: 1, typeCode: 6, balanceCents: 20_000_00 }, { id: 2, typeCode: 6, balanceCents: 22_044_59 }];

  it('the whole balance with a credit: the account’s balance, the earliest invoice first', () => {
    expect(chargeFor(docs, 39_544_59, true)).toEqual({ amountCents: 39_544_59, lines: [{ id: 1, amountCents: 20_000_00 }, { id: 2, amountCents: 19_544_59 }], creditCents: 2_500_00, onAccountCents: 0 });
  });

  it('the whole balance with a debit outside the invoices: that part goes on account', () => {
    expect(chargeFor(docs, 42_544_59, true)).toEqual({ amountCents: 42_544_59, lines: [{ id: 1, amountCents: 20_000_00 }, { id: 2, amountCents: 22_044_59 }], creditCents: 0, onAccountCents: 500_00 });
  });

  it('some invoices: their balances, never more than the account owes', () => {
    expect(chargeFor(docs.slice(0, 1), 39_544_59, false)).toEqual({ amountCents: 20_000_00, lines: [{ id: 1, amountCents: 20_000_00 }], creditCents: 0, onAccountCents: 0 });
    expect(chargeFor(docs.slice(1), 15_000_00, false)).toEqual({ amountCents: 15_000_00, lines: [{ id: 2, amountCents: 15_000_00 }], creditCents: 7_044_59, onAccountCents: 0 });
  });

  it('an invoice the credit already covers gets nothing', () => {
    expect(chargeFor(docs, 15_000_00, true).lines).toEqual([{ id: 1, amountCents: 15_000_00 }]);
  });
});
