import { describe, expect, it } from 'vitest';
import { checkSelection, showPayInAdvance, showPayOnline, type GatewayOffer } from '../domain/pay-rules.ts';

const gateways: GatewayOffer[] = [{ id: 'sandbox', invoiceTypes: [1, 6, 11] }, { id: 'mercadopago', invoiceTypes: [6, 11] }, { id: 'stripe' }];
const limit = 100_000_00;

describe('seed 002 button rules, as functions', () => {
  const matrix: [string, number, number, boolean][] = [
    ['type on a gateway, balance inside', 6, 50_000_00, true],
    ['type on a gateway, one cent below the limit', 6, 99_999_99, true],
    ['type on a gateway, exactly the limit', 6, 100_000_00, false],
    ['type on a gateway, above the limit', 6, 150_000_00, false],
    ['type on a gateway, nothing left', 6, 0, false],
    ['type on a gateway, in the customer’s favour', 6, -100, false],
    ['type on no gateway but one that takes all', 2, 50_000_00, true],
  ];
  for (const [name, type, balance, shown] of matrix) {
    it(`pay online: ${name} → ${shown ? 'shown' : 'hidden'}`, () => {
      expect(showPayOnline({ id: 1, typeCode: type, balanceCents: balance }, gateways, limit)).toBe(shown);
    });
  }

  it('a type no enabled gateway takes shows no online button', () => {
    const restricted = gateways.filter((g) => g.id !== 'stripe');
    expect(showPayOnline({ id: 1, typeCode: 2, balanceCents: 1000 }, restricted, limit)).toBe(false);
    expect(showPayOnline({ id: 1, typeCode: 6, balanceCents: 1000 }, [], limit)).toBe(false);
  });

  const advance: [number, boolean][] = [[-500, true], [0, true], [1, false], [99_999_99, false], [100_000_00, false], [100_000_01, true]];
  for (const [balance, shown] of advance) {
    it(`pay in advance with an account balance of ${balance} cents → ${shown ? 'shown' : 'hidden'}`, () => {
      expect(showPayInAdvance(balance, limit, gateways, true)).toBe(shown);
    });
  }

  it('pay in advance never shows when the tenant turned it off or has no gateway', () => {
    expect(showPayInAdvance(0, limit, gateways, false)).toBe(false);
    expect(showPayInAdvance(0, limit, [], true)).toBe(false);
  });

  it('several invoices: each payable, a gateway for all their types, the sum below the limit', () => {
    const doc = (id: number, typeCode: number, balanceCents: number) => ({ id, typeCode, balanceCents });
    expect(checkSelection([doc(1, 1, 1000), doc(2, 11, 2000)], gateways.slice(0, 2), limit)).toEqual({ ok: true, gateways: ['sandbox'], totalCents: 3000 });
    expect(checkSelection([doc(1, 1, 1000), doc(2, 11, 2000)], gateways.slice(1, 2), limit)).toEqual({ ok: false, reason: 'not-payable' });
    expect(checkSelection([doc(1, 6, 60_000_00), doc(2, 6, 40_000_00)], gateways, limit)).toEqual({ ok: false, reason: 'over-limit' });
    expect(checkSelection([], gateways, limit)).toEqual({ ok: false, reason: 'empty' });
    expect(checkSelection([doc(1, 1, 1000), doc(2, 11, 2000)], [{ id: 'a', invoiceTypes: [1] }, { id: 'b', invoiceTypes: [11] }], limit)).toEqual({ ok: false, reason: 'no-common-gateway' });
  });
});
