import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestPortal, type SeededCustomer } from 'portal/testing';
import { customer, meterWithHistory, provider, signedIn, sql, startMeterPortal, today } from './harness.ts';
import { ProviderInputError } from '../data/provider-input.ts';
import { seedDemo } from '../demo-seed.ts';
import { addDays } from '../domain/local-date.ts';

let portal: TestPortal;
let ana: SeededCustomer;

beforeAll(async () => {
  portal = await startMeterPortal();
  ana = await customer(portal, 'aguas', 'ana');
});
afterAll(async () => portal?.dispose());

const meterRows = () => sql(portal, `SELECT external_id, number, digits, registers, unit, route, updated_at FROM meter_readings_meters WHERE tenant_id = 'aguas' ORDER BY external_id`);

describe('loading meters, reading dates and readings', () => {
  it('loads meters by the provider’s id: the same load twice changes nothing, a changed one updates', async () => {
    const p = provider(portal, 'aguas');
    const meters = [
      { externalId: 'M-1', accountNumber: ana.accountNumber, number: '0001', kind: 'water' as const, digits: 5, route: 'R1' },
      { externalId: 'M-2', accountNumber: ana.accountNumber, number: '0002', kind: 'electricity' as const, digits: 6, registers: ['peak', 'offpeak'], unit: 'kWh' },
    ];
    await p.upsertMeters(meters);
    const first = await meterRows();
    await p.upsertMeters(meters);
    expect(await meterRows()).toEqual(first);
    await p.upsertMeters([{ ...meters[0], digits: 6 }]);
    const after = await meterRows();
    expect(after).toHaveLength(2);
    expect(after[0]).toMatchObject({ external_id: 'M-1', digits: 6, registers: ['total'], unit: null });
  });

  it('refuses bad input with the item and field named, and unknown accounts', async () => {
    const p = provider(portal, 'aguas');
    await expect(p.upsertMeters([{ externalId: 'X', accountNumber: ana.accountNumber, number: '1', kind: 'steam' as never, digits: 13 }])).rejects.toThrow(
      /\/0\/kind must be equal to one of the allowed values; \/0\/digits must be <= 12/,
    );
    await expect(p.upsertMeters([{ externalId: 'X', accountNumber: 'NOPE', number: '1', kind: 'gas', digits: 5 }])).rejects.toThrow(ProviderInputError);
    await expect(p.upsertReadings([{ externalId: 'r', meterExternalId: 'M-1', readOn: '2025-02-30', value: 1, source: 'company' }])).rejects.toThrow(/readOn must match format/);
    expect(await sql(portal, `SELECT count(*)::int AS n FROM meter_readings_meters WHERE external_id = 'X'`)).toEqual([{ n: 0 }]);
  });

  it('keeps one row per reading and register however often it is loaded, and links a correction to its estimate', async () => {
    const p = provider(portal, 'aguas');
    const readings = [
      { externalId: 'L-1', meterExternalId: 'M-1', readOn: '2025-01-10', value: 1000, source: 'company' as const },
      { externalId: 'L-2', meterExternalId: 'M-1', readOn: '2025-02-10', value: 1040, source: 'estimated' as const },
      { externalId: 'L-2r', meterExternalId: 'M-1', readOn: '2025-02-10', value: 1031, source: 'company' as const, replaces: 'L-2' },
      { externalId: 'E-1p', meterExternalId: 'M-2', register: 'peak', readOn: '2025-01-10', value: 500, source: 'telemetry' as const },
    ];
    await p.upsertReadings(readings);
    await p.upsertReadings(readings);
    const rows = await sql(portal, `SELECT r.external_id, r.value, r.source, o.external_id AS replaced_by FROM meter_readings_readings r
                                    LEFT JOIN meter_readings_readings o ON o.id = r.replaced_by WHERE r.tenant_id = 'aguas' ORDER BY r.external_id`);
    expect(rows).toEqual([
      { external_id: 'E-1p', value: '500', source: 'telemetry', replaced_by: null },
      { external_id: 'L-1', value: '1000', source: 'company', replaced_by: null },
      { external_id: 'L-2', value: '1040', source: 'estimated', replaced_by: 'L-2r' },
      { external_id: 'L-2r', value: '1031', source: 'company', replaced_by: null },
    ]);
    await expect(p.upsertReadings([{ externalId: 'L-3', meterExternalId: 'M-1', readOn: '2025-03-10', value: 1060, source: 'company', replaces: 'L-1' }])).rejects.toThrow(
      /replaces L-1, which is not an estimated reading/,
    );
    await expect(p.upsertReadings([{ externalId: 'E-1x', meterExternalId: 'M-2', register: 'total', readOn: '2025-01-10', value: 1, source: 'company' }])).rejects.toThrow(
      /has no register "total"/,
    );
  });

  it('replaces a route’s reading dates from a given day, so a moved date leaves no trace', async () => {
    const p = provider(portal, 'aguas');
    const dates = async () => (await sql(portal, `SELECT to_char(reading_date, 'YYYY-MM-DD') AS d FROM meter_readings_schedule WHERE route = 'R1' ORDER BY 1`)).map((r) => r.d);
    await p.upsertSchedule([{ route: 'R1', dates: ['2025-01-10', '2025-02-10', '2025-03-10'] }]);
    // Without replaceFrom, from the earliest date given: 10 March moves to the 7th.
    await p.upsertSchedule([{ route: 'R1', dates: ['2025-03-07'] }]);
    expect(await dates()).toEqual(['2025-01-10', '2025-02-10', '2025-03-07']);
    await p.upsertSchedule([{ route: 'R1', dates: ['2025-02-12', '2025-03-07'], replaceFrom: '2025-02-01' }]);
    await p.upsertSchedule([{ route: 'R1', dates: ['2025-02-12', '2025-03-07'], replaceFrom: '2025-02-01' }]);
    expect(await dates()).toEqual(['2025-01-10', '2025-02-12', '2025-03-07']);
    await expect(p.upsertSchedule([{ meterExternalId: 'nope', dates: ['2025-01-01'] }])).rejects.toThrow(/unknown meter: nope/);
  });
});

describe('what customers sent, for billing', () => {
  it('exports the submitted readings as CSV and marks them as billed', async () => {
    const beto = await customer(portal, 'aguas', 'beto');
    const { meterId } = await meterWithHistory(portal, 'aguas', beto.accountNumber, { id: 'beto' });
    const client = await signedIn(portal, 'aguas', beto);
    await client.submit(`/meter-readings/${meterId}/submit`, `/meter-readings/${meterId}/submit`, { 'value-total': '1420' });
    const p = provider(portal, 'aguas');
    const [sent] = await p.submittedReadings();
    expect(sent).toMatchObject({ accountNumber: 'AGUAS-BETO', meterExternalId: 'beto', register: 'total', readOn: today(), value: 1420, billedAt: null, hasPhoto: false });
    expect(sent.submittedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const csv = await p.exportSubmittedCsv();
    expect(csv.split('\r\n')[0]).toBe('reading_id,account_number,meter_id,meter_number,register,read_on,value,submitted_at,window,confirmed_unusual,photo,billed_at');
    expect(csv.split('\r\n')[1]).toBe(`${sent.id},AGUAS-BETO,beto,N-beto,total,${today()},1420,${sent.submittedAt},${sent.windowKey},no,no,`);

    expect(await p.markBilled([sent.id, 999_999])).toEqual([sent.id]);
    expect(await p.markBilled([sent.id])).toEqual([]);
    expect(await p.exportSubmittedCsv()).toBe(csv.split('\r\n')[0] + '\r\n');
    expect((await p.submittedReadings({ includeBilled: true }))[0].billedAt).toMatch(/Z$/);
    // Another tenant's provider sees none of it.
    expect(await provider(portal, 'luz').submittedReadings({ includeBilled: true })).toEqual([]);
    expect(await provider(portal, 'luz').markBilled([sent.id])).toEqual([]);
  });
});

describe('demo data', () => {
  it('gives every demo account two years of history with estimated periods, and seeding twice changes nothing', async () => {
    const eva = await customer(portal, 'luz', 'eva');
    const fabi = await customer(portal, 'luz', 'fabi');
    const tenant = portal.tenants.get('luz')!;
    const ctx = {
      tenant,
      em: portal.db.forTenant('luz'),
      accounts: [eva, fabi].map((c) => ({ id: c.accountId, number: c.accountNumber, customerId: c.customerId, holderName: c.accountNumber })),
      portal: portal.services,
    };
    const snapshot = () => sql(portal, `SELECT r.external_id, r.value, r.source, r.replaced_by IS NOT NULL AS replaced, to_char(r.read_on, 'YYYY-MM-DD') AS read_on
                                        FROM meter_readings_readings r WHERE r.tenant_id = 'luz' ORDER BY r.external_id`);
    await seedDemo(ctx);
    const first = await snapshot();
    await seedDemo(ctx);
    expect(await snapshot()).toEqual(first);

    const meters = await sql(portal, `SELECT external_id, registers FROM meter_readings_meters WHERE tenant_id = 'luz' ORDER BY external_id`);
    expect(meters.map((m) => m.external_id)).toEqual(['demo-LUZ-EVA-agua', 'demo-LUZ-EVA-luz', 'demo-LUZ-FABI-agua']);
    const perMeter = await sql(portal, `SELECT m.external_id, count(DISTINCT r.read_on)::int AS periods, count(*) FILTER (WHERE r.source = 'estimated')::int AS estimated
                                        FROM meter_readings_readings r JOIN meter_readings_meters m ON m.id = r.meter_id WHERE r.tenant_id = 'luz' GROUP BY 1 ORDER BY 1`);
    expect(perMeter).toEqual([
      { external_id: 'demo-LUZ-EVA-agua', periods: 24, estimated: 3 },
      { external_id: 'demo-LUZ-EVA-luz', periods: 24, estimated: 6 },
      { external_id: 'demo-LUZ-FABI-agua', periods: 24, estimated: 3 },
    ]);
    expect(first.filter((r) => r.replaced)).toHaveLength(4);
    // The next reading is two days away, so the demo opens with the window open.
    const [{ d }] = await sql(portal, `SELECT to_char(min(reading_date), 'YYYY-MM-DD') AS d FROM meter_readings_schedule WHERE tenant_id = 'luz' AND reading_date >= current_date`);
    expect(d).toBe(addDays(today(), 2));
  });

  it("puts one water meter on a route read later, so a customer with two accounts sees seed 001's closed-window notice beside an open window", async () => {
    const gala = await customer(portal, 'aguas', 'gala');
    const hugo = await customer(portal, 'aguas', 'hugo');
    const second = await createAccount(portal, 'aguas', { number: 'AGUAS-GALA-2', holderName: 'Gala' }, gala.customerId);
    const ctx = {
      tenant: portal.tenants.get('aguas')!,
      em: portal.db.forTenant('aguas'),
      accounts: [
        { id: gala.accountId, number: gala.accountNumber, customerId: gala.customerId, holderName: 'Gala' },
        { id: hugo.accountId, number: hugo.accountNumber, customerId: hugo.customerId, holderName: 'Hugo' },
        { id: second.id, number: second.number, customerId: gala.customerId, holderName: 'Gala' },
      ],
      portal: portal.services,
    };
    await seedDemo(ctx);

    const page = await (await signedIn(portal, 'aguas', gala)).get('/meter-readings');
    expect(page.statusCode).toBe(200);
    const cards = page.body.split('mr-window ').slice(1);
    // The first account's water and electricity meters, then the second account's water meter.
    expect(cards).toHaveLength(3);
    expect(cards.filter((c) => c.startsWith('mr-window-open'))).toHaveLength(2);
    const closed = cards.filter((c) => c.startsWith('mr-window-closed'));
    expect(closed).toHaveLength(1);
    expect(closed[0]).toContain('El período para aportar tu lectura está cerrado.');
    expect(closed[0]).toMatch(/El próximo período abre el \d{2}\/\d{2}\/\d{4}/);
    // Its readings stop a month before its own later reading date, like every demo meter's.
    const [late] = await sql<{ route: string; last: string }>(portal, `SELECT m.route, to_char(max(r.read_on), 'YYYY-MM-DD') AS last FROM meter_readings_meters m JOIN meter_readings_readings r ON r.meter_id = m.id
                                       WHERE m.tenant_id = 'aguas' AND m.external_id = 'demo-AGUAS-GALA-2-agua' GROUP BY m.route`);
    expect(late.route).toBe('DEMO-2');
    expect(late.last > addDays(today(), -30)).toBe(true);
  });
});
