import { describe, expect, it } from 'vitest';
import { chartGeometry, chartPoints, niceScale, sameTimeLastYear } from '../domain/chart.ts';
import { buildPeriods, type HistoryReading } from '../domain/periods.ts';
import { addMonths } from '../domain/local-date.ts';

/** Monthly readings on the 10th, 30 m³ a month, every fifth one estimated. */
function history(months: number): HistoryReading[] {
  return Array.from({ length: months + 1 }, (_, i) => ({
    id: i + 1,
    register: 'total',
    readOn: addMonths('2023-01-10', i),
    value: 1000 + 30 * i,
    source: i % 5 === 4 ? ('estimated' as const) : ('company' as const),
    replacedBy: null,
  }));
}

describe('chart data', () => {
  it('takes the last N periods with a value and pairs each with the same period a year before', () => {
    const periods = buildPeriods(history(24), ['total'], 5);
    const points = chartPoints(periods, 'consumption', 12);
    expect(points).toHaveLength(12);
    expect(points[0].readOn).toBe('2024-02-10');
    expect(points.every((p) => p.lastYear === 30)).toBe(true);
    expect(points.filter((p) => p.estimated).map((p) => p.readOn)).toEqual(['2024-03-10', '2024-08-10', '2025-01-10']);
  });

  it('finds last year within a few weeks, not further', () => {
    const periods = buildPeriods(history(14), ['total'], 5);
    const last = periods.at(-1)!;
    expect(sameTimeLastYear(periods, last)?.readOn).toBe('2023-03-10');
    expect(sameTimeLastYear(periods, periods[1])).toBeNull();
  });

  it('uses daily averages for the daily metric', () => {
    const periods = buildPeriods(history(3), ['total'], 5);
    expect(chartPoints(periods, 'daily', 12).map((p) => Math.round(p.value * 100) / 100)).toEqual([0.97, 1.07, 0.97]);
  });
});

describe('chart geometry', () => {
  it('rounds the axis to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceScale(37)).toEqual({ top: 40, step: 10 });
    expect(niceScale(0.83)).toEqual({ top: 1, step: 0.25 });
    expect(niceScale(1234)).toEqual({ top: 1500, step: 500 });
    expect(niceScale(0)).toEqual({ top: 1, step: 0.25 });
  });

  it('draws one bar per point inside the plot, the last-year bar to its left', () => {
    const points = [
      { readOn: '2025-01-10', value: 30, estimated: false, lastYear: 20 },
      { readOn: '2025-02-10', value: 0, estimated: true, lastYear: null },
      { readOn: '2025-03-10', value: -5, estimated: false, lastYear: 40 },
    ];
    const g = chartGeometry(points);
    expect(g.bars).toHaveLength(3);
    for (const bar of g.bars) {
      expect(bar.x).toBeGreaterThanOrEqual(g.plot.left);
      expect(bar.x + bar.width).toBeLessThanOrEqual(g.plot.right);
      expect(bar.y + bar.height).toBeCloseTo(g.plot.bottom, 0);
      if (bar.lastYear) expect(bar.lastYear.x + bar.lastYear.width).toBeLessThan(bar.x);
    }
    expect(g.bars[1].lastYear).toBeNull();
    expect(g.bars[1].height).toBeGreaterThan(0);
    expect(g.bars[0].height).toBeGreaterThan(g.bars[0].lastYear!.height);
    expect(g.ticks.map((t) => t.value)).toEqual([0, 10, 20, 30, 40]);
  });
});
