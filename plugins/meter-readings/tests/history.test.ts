import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal, Client } from 'portal/testing';
import { customer, meterWithHistory, provider, signedIn, startMeterPortal } from './harness.ts';
import { addMonths } from '../domain/local-date.ts';

let portal: TestPortal;
let ana: Client;
let meterId: number;
let next: string;

/** The chart's SVG, and the bars inside it in drawing order. */
function chart(html: string) {
  const svg = /<svg class="mr-chart-svg"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  const bars = [...svg.matchAll(/<rect class="mr-bar (mr-bar-real|mr-bar-estimated)" data-estimated="(true|false)"[^>]*><title>([^<]*)<\/title>/g)].map((m) => ({
    cls: m[1],
    estimated: m[2] === 'true',
    title: m[3],
  }));
  return { svg, bars, lastYear: (svg.match(/class="mr-bar-last-year"/g) ?? []).length };
}

beforeAll(async () => {
  portal = await startMeterPortal();
  const who = await customer(portal, 'aguas', 'ana');
  // 26 monthly readings: 25 periods of 30 m³, the 3rd and 10th newest estimated.
  ({ meterId, next } = await meterWithHistory(portal, 'aguas', who.accountNumber, { id: 'ana', months: 26, perMonth: 30, estimated: [3, 10] }));
  ana = await signedIn(portal, 'aguas', who);
});
afterAll(async () => portal?.dispose());

describe('consumption chart', () => {
  it('draws one bar per period, the last twelve by default, each with the same period a year before', async () => {
    const { bars, lastYear, svg } = chart((await ana.get(`/meter-readings/${meterId}`)).body);
    expect(bars).toHaveLength(12);
    expect(lastYear).toBe(12);
    expect((svg.match(/<g class="mr-period" data-period="/g) ?? []).length).toBe(12);
  });

  it('marks estimated periods by class, hatching pattern and words, not by colour alone', async () => {
    const { bars, svg } = chart((await ana.get(`/meter-readings/${meterId}`)).body);
    const estimated = bars.filter((b) => b.estimated);
    expect(estimated.map((b) => b.cls)).toEqual(['mr-bar-estimated', 'mr-bar-estimated']);
    expect(bars.filter((b) => !b.estimated).every((b) => b.cls === 'mr-bar-real')).toBe(true);
    expect(estimated.every((b) => b.title.includes('lectura estimada'))).toBe(true);
    expect(svg).toContain('<pattern id="mr-hatch"');
    const css = (await ana.get('/assets/p/meter-readings/meter-readings.css')).body;
    expect(css).toMatch(/\.mr-bar-estimated \{[^}]*fill: url\(#mr-hatch\);[^}]*stroke-dasharray/);
  });

  it('is one accessible image with a title and a summary, and a legend', async () => {
    const html = (await ana.get(`/meter-readings/${meterId}`)).body;
    expect(html).toContain('role="img" aria-labelledby="mr-chart-title mr-chart-desc"');
    expect(html).toContain('<title id="mr-chart-title">Consumo por período, en m³</title>');
    expect(html).toMatch(/<desc id="mr-chart-desc">12 períodos, de \S+ \d{4} a \S+ \d{4}, 2 con lectura estimada\. Menor: 30 m³; mayor: 30 m³\./);
    expect(html).toContain('Lectura estimada (rayada)');
    expect(html).toContain('Mismo período del año anterior');
  });

  it('draws as many periods as the tenant asks for, up to 24', async () => {
    const tenant = portal.tenants.get('aguas')!;
    const settings = tenant.plugins.get('meter-readings')!;
    settings.chartPeriods = 24;
    try {
      const { bars, lastYear } = chart((await ana.get(`/meter-readings/${meterId}`)).body);
      expect(bars).toHaveLength(24);
      // Only the newest 13 periods have one a year before within the 25 on file.
      expect(lastYear).toBe(13);
    } finally {
      settings.chartPeriods = 12;
    }
  });

  it('switches to daily averages', async () => {
    const html = (await ana.get(`/meter-readings/${meterId}?metric=daily`)).body;
    expect(html).toContain('<title id="mr-chart-title">Promedio diario por período, en m³ por día</title>');
    // Handlebars writes the = of the query as &#x3D;, which the browser reads back as =.
    expect(html).toMatch(/<a href="\/meter-readings\/\d+\?metric(=|&#x3D;)daily#chart" aria-current="true">Promedio diario<\/a>/);
  });
});

describe('readings table', () => {
  it('lists each reading with its consumption, days, daily average and whether it was real or estimated', async () => {
    const html = (await ana.get(`/meter-readings/${meterId}`)).body;
    const rows = [...html.matchAll(/<tr class="mr-row( mr-row-estimated)?" data-source="(\w+)" data-date="([\d-]+)">/g)];
    expect(rows).toHaveLength(24);
    expect(rows.filter((r) => r[1]).map((r) => r[3])).toEqual([addMonths(next, -3), addMonths(next, -10)]);
    expect(html).toContain('<span class="badge badge-warning">Estimada</span> <span class="small">Estimada por la empresa</span>');
    expect(html).toContain('<span class="badge badge-success">Real</span> <span class="small">Tomada por la empresa</span>');
    expect(html).toMatch(/<td class="num"[^>]*>30 m³<\/td>\s*<td class="num"[^>]*>(28|29|30|31)<\/td>\s*<td class="num"[^>]*>\d,\d\d m³\/día<\/td>/);
  });

  it('keeps an estimated reading a real one corrected, and charts the real one', async () => {
    const p = provider(portal, 'aguas');
    const date = addMonths(next, -3);
    await p.upsertReadings([{ externalId: 'ana-3-total-real', meterExternalId: 'ana', readOn: date, value: 1000 + 30 * 23 - 4, source: 'company', replaces: 'ana-3-total' }]);
    const html = (await ana.get(`/meter-readings/${meterId}`)).body;
    expect(html).toContain('Corrigió la lectura estimada de 1.690.');
    expect(chart(html).bars.filter((b) => b.estimated)).toHaveLength(1);
  });
});

describe('dashboard card', () => {
  it('shows the last reading and the open window', async () => {
    const html = (await ana.get('/dashboard')).body;
    expect(html).toContain('Lecturas de medidor');
    expect(html).toMatch(/Última lectura \(\d\d\/\d\d\/\d{4}\):\s*<strong>1\.750 m³<\/strong>/);
    expect(html).toContain('Período de lectura abierto hasta el');
  });

  it('is left out for customers without meters', async () => {
    const other = await signedIn(portal, 'aguas', await customer(portal, 'aguas', 'eva'));
    expect((await other.get('/dashboard')).body).not.toContain('Lecturas de medidor');
  });
});
