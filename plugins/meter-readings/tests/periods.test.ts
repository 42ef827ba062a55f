import { describe, expect, it } from 'vitest';
import { buildPeriods, realDailyAverages, type HistoryReading } from '../domain/periods.ts';

let nextId = 1;
const r = (readOn: string, value: number, source: HistoryReading['source'] = 'company', extra: Partial<HistoryReading> = {}): HistoryReading => ({
  id: nextId++,
  register: 'total',
  readOn,
  value,
  source,
  replacedBy: null,
  ...extra,
});

describe('periods of a meter', () => {
  it('turns readings into consumption per period with days and daily average', () => {
    const periods = buildPeriods([r('2025-02-10', 1000), r('2025-01-10', 969), r('2025-03-10', 1056)], ['total'], 5);
    expect(periods.map((p) => [p.readOn, p.consumption, p.days, p.daily])).toEqual([
      ['2025-01-10', null, null, null],
      ['2025-02-10', 31, 31, 1],
      ['2025-03-10', 56, 28, 2],
    ]);
  });

  it('marks estimated periods and leaves out an estimate once a real reading replaced it, keeping it on the period', () => {
    const real = r('2025-03-10', 1060);
    const periods = buildPeriods(
      [r('2025-01-10', 1000), r('2025-02-10', 1030, 'estimated'), r('2025-03-10', 1075, 'estimated', { replacedBy: real.id }), real],
      ['total'],
      5,
    );
    expect(periods.map((p) => [p.consumption, p.estimated, p.source])).toEqual([
      [null, false, 'company'],
      [30, true, 'estimated'],
      [30, false, 'company'],
    ]);
    expect(periods[2].replaced).toEqual([{ register: 'total', value: 1075, readOn: '2025-03-10' }]);
  });

  it('sums the registers of a peak/off-peak meter and counts a rollover on one of them', () => {
    const reg = (register: string, readOn: string, value: number) => r(readOn, value, 'company', { register });
    const periods = buildPeriods(
      [reg('peak', '2025-01-10', 9_990), reg('offpeak', '2025-01-10', 500), reg('peak', '2025-02-10', 40), reg('offpeak', '2025-02-10', 620)],
      ['peak', 'offpeak'],
      4,
    );
    expect(periods[1].consumption).toBe(50 + 120);
    expect(periods[1].registers).toEqual([
      { register: 'peak', value: 40, consumption: 50, rolledOver: true },
      { register: 'offpeak', value: 620, consumption: 120, rolledOver: false },
    ]);
  });

  it('prefers a company reading over an estimate of the same day', () => {
    const periods = buildPeriods([r('2025-01-10', 1000), r('2025-02-10', 1040, 'estimated'), r('2025-02-10', 1031)], ['total'], 5);
    expect(periods).toHaveLength(2);
    expect(periods[1]).toMatchObject({ consumption: 31, estimated: false });
  });

  it('judges new readings only against periods with a real reading at both ends', () => {
    const periods = buildPeriods(
      [r('2025-01-10', 1000), r('2025-02-10', 1031), r('2025-03-10', 1100, 'estimated'), r('2025-04-10', 1131), r('2025-05-10', 1161)],
      ['total'],
      5,
    );
    expect(realDailyAverages(periods)).toEqual([1, 1]);
  });
});
