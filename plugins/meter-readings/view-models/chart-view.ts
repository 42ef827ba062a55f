import type { Locale } from 'portal/sdk';
import type { Translate } from '../i18n.ts';
import type { Period } from '../domain/periods.ts';
import { chartGeometry, chartPoints, type ChartMetric, type ChartPoint } from '../domain/chart.ts';
import { dailyFormat, formatNumber, monthName } from '../domain/format.ts';

/** Value labels above bars fit only while the slots are wide enough. */
const MAX_LABELLED_BARS = 12;

/**
 * Everything the chart partial draws, texts included. The SVG is one image to assistive
 * technology, named by its title and described by a summary; the table after it has every value.
 */
export function chartView(periods: Period[], metric: ChartMetric, count: number, unit: string, locale: Locale, t: Translate) {
  const points = chartPoints(periods, metric, count);
  if (points.length === 0) return null;
  const geometry = chartGeometry(points);
  const daily = dailyFormat(points.flatMap((p) => [p.value, p.lastYear ?? 0]));
  const value = (n: number) => (metric === 'daily' ? t('perDay', { value: daily(n), unit }) : `${formatNumber(n)} ${unit}`);
  const short = (n: number) => (metric === 'daily' ? daily(n) : formatNumber(n));
  const monthYear = (p: ChartPoint) => `${monthName(p.readOn, locale, 'long')} ${p.readOn.slice(0, 4)}`;
  const bars = geometry.bars.map((bar, i) => {
    const p = bar.point;
    const isFirstOfYear = i === 0 || p.readOn.slice(0, 4) !== geometry.bars[i - 1].point.readOn.slice(0, 4);
    return {
      x: bar.x,
      y: bar.y,
      width: bar.width,
      height: bar.height,
      centre: bar.centre,
      readOn: p.readOn,
      estimated: p.estimated,
      month: monthName(p.readOn, locale, 'short'),
      year: isFirstOfYear ? p.readOn.slice(0, 4) : null,
      valueLabel: points.length <= MAX_LABELLED_BARS ? short(p.value) : null,
      valueY: Math.max(geometry.plot.top + 8, bar.y - 5),
      title: t(p.estimated ? 'chart.barEstimated' : 'chart.bar', { period: monthYear(p), value: value(p.value) }) +
        (p.lastYear !== null ? ` ${t('chart.barLastYear', { value: value(p.lastYear) })}` : ''),
      lastYear: bar.lastYear ? { ...bar.lastYear, title: t('chart.lastYearBar', { period: monthYear(p), value: value(p.lastYear!) }) } : null,
    };
  });
  const estimated = points.filter((p) => p.estimated).length;
  return {
    width: geometry.width,
    height: geometry.height,
    plot: geometry.plot,
    axisY: geometry.plot.left - 8,
    unitLabel: metric === 'daily' ? t('chart.unitDaily', { unit }) : unit,
    unitY: geometry.plot.top - 12,
    monthY: geometry.plot.bottom + 16,
    yearY: geometry.plot.bottom + 32,
    ticks: geometry.ticks.map((tick) => ({ y: tick.y, label: short(tick.value), labelY: tick.y + 4 })),
    bars,
    hasLastYear: points.some((p) => p.lastYear !== null),
    hasEstimated: estimated > 0,
    title: t(metric === 'daily' ? 'chart.titleDaily' : 'chart.title', { unit }),
    description: t('chart.description', {
      count: points.length,
      from: monthYear(points[0]),
      to: monthYear(points[points.length - 1]),
      estimated,
      min: value(Math.min(...points.map((p) => p.value))),
      max: value(Math.max(...points.map((p) => p.value))),
    }),
  };
}
