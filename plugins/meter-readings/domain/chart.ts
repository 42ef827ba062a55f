import { addMonths, daysBetween, type LocalDate } from './local-date.ts';
import type { Period } from './periods.ts';

export type ChartMetric = 'consumption' | 'daily';

export interface ChartPoint {
  readOn: LocalDate;
  value: number;
  estimated: boolean;
  /** The same period a year earlier, when there is one. */
  lastYear: number | null;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BarGeometry extends Rect {
  point: ChartPoint;
  /** Centre of the slot, where the axis label goes. */
  centre: number;
  lastYear: Rect | null;
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  bars: BarGeometry[];
  ticks: { y: number; value: number }[];
}

export const CHART_SIZE = { width: 720, height: 290, left: 56, right: 12, top: 26, bottom: 46 };
/** How far from exactly one year earlier a period may close and still count as "the same period". */
const SAME_PERIOD_DAYS = 20;
/** Zero consumption still gets a sliver, so a period with a reading is never an empty slot. */
const MIN_BAR = 1.5;

/** The value a period shows for a metric; null when it has none (first reading, missing register). */
export function metricValue(period: Period, metric: ChartMetric): number | null {
  return metric === 'daily' ? period.daily : period.consumption;
}

/** The period that closed closest to one year before `period`, within a few weeks. */
export function sameTimeLastYear(periods: Period[], period: Period): Period | null {
  const target = addMonths(period.readOn, -12);
  let best: Period | null = null;
  for (const p of periods) {
    const distance = Math.abs(daysBetween(target, p.readOn));
    if (distance <= SAME_PERIOD_DAYS && (!best || distance < Math.abs(daysBetween(target, best.readOn)))) best = p;
  }
  return best;
}

/** The last `count` periods that have a value, each with its counterpart a year earlier. */
export function chartPoints(periods: Period[], metric: ChartMetric, count: number): ChartPoint[] {
  const shown = periods.filter((p) => metricValue(p, metric) !== null).slice(-count);
  return shown.map((p) => {
    const before = sameTimeLastYear(periods, p);
    return {
      readOn: p.readOn,
      value: metricValue(p, metric)!,
      estimated: p.estimated,
      lastYear: before ? metricValue(before, metric) : null,
    };
  });
}

/** A round top for the axis and a step giving four or five gridlines (1, 2, 2.5 or 5 × 10ⁿ). */
export function niceScale(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.25 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((m) => rough <= m * magnitude) ?? 10) * magnitude;
  return { top: Math.ceil(max / step - 1e-9) * step, step };
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Where each bar goes. Each period gets an equal slot; with last-year data the slot holds a narrow
 * last-year bar and the wider current one side by side, so the two read as a pair.
 */
export function chartGeometry(points: ChartPoint[]): ChartGeometry {
  const { width, height, left, right, top, bottom } = CHART_SIZE;
  const plot = { left, right: width - right, top, bottom: height - bottom };
  const plotWidth = plot.right - plot.left;
  const plotHeight = plot.bottom - plot.top;
  const max = Math.max(0, ...points.map((p) => Math.max(p.value, p.lastYear ?? 0)));
  const scale = niceScale(max);
  const y = (value: number) => plot.bottom - (Math.max(0, value) / scale.top) * plotHeight;
  const paired = points.some((p) => p.lastYear !== null);
  const slot = points.length ? plotWidth / points.length : plotWidth;
  const barWidth = Math.min(paired ? 26 : 36, slot * (paired ? 0.46 : 0.62));
  const pastWidth = barWidth * 0.62;
  const gap = paired ? Math.max(1.5, slot * 0.05) : 0;
  const group = paired ? pastWidth + gap + barWidth : barWidth;

  const bars = points.map((point, i) => {
    const centre = plot.left + slot * (i + 0.5);
    const start = centre - group / 2;
    const rect = (x: number, w: number, value: number): Rect => {
      const h = Math.max(MIN_BAR, plot.bottom - y(value));
      return { x: round(x), y: round(plot.bottom - h), width: round(w), height: round(h) };
    };
    return {
      ...rect(paired ? start + pastWidth + gap : start, barWidth, point.value),
      point,
      centre: round(centre),
      lastYear: point.lastYear !== null ? rect(start, pastWidth, point.lastYear) : null,
    };
  });
  const ticks: { y: number; value: number }[] = [];
  for (let v = 0; v <= scale.top + 1e-9; v += scale.step) ticks.push({ y: round(y(v)), value: Number(v.toFixed(6)) });
  return { width, height, plot, bars, ticks };
}
