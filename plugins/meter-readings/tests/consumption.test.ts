import { describe, expect, it } from 'vitest';
import { advance, rolloverConsumption } from '../domain/consumption.ts';
import { isPlausible, usualDaily } from '../domain/plausibility.ts';

describe('consumption between two readings', () => {
  it('is the difference when the meter moved forward', () => {
    expect(advance(1200, 1250, 5)).toEqual({ consumption: 50, rolledOver: false });
  });

  it('wraps past the last value of the meter when it rolled over', () => {
    expect(rolloverConsumption(99_990, 15, 5)).toBe(25);
    expect(advance(9_995, 3, 4)).toEqual({ consumption: 8, rolledOver: true });
  });

  it('is no rollover when the wrap would be a large share of the meter range', () => {
    expect(rolloverConsumption(500, 300, 4)).toBeNull();
    expect(advance(500, 300, 4)).toEqual({ consumption: -200, rolledOver: false });
  });
});

describe('usual consumption and plausibility', () => {
  it('needs three periods and takes the median of the last twelve', () => {
    expect(usualDaily([1, 2])).toBeNull();
    expect(usualDaily([1, 2, 30])).toBe(2);
    expect(usualDaily([100, 100, 100, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3])).toBe(2);
  });

  it('asks for confirmation far above or below the usual, by the factor', () => {
    expect(isPlausible(2.9, 1, 3)).toBe(true);
    expect(isPlausible(3.1, 1, 3)).toBe(false);
    expect(isPlausible(0.3, 1, 3)).toBe(false);
    expect(isPlausible(0, 1, 3)).toBe(false);
    expect(isPlausible(50, null, 3)).toBe(true);
    expect(isPlausible(50, 0, 3)).toBe(true);
  });
});
