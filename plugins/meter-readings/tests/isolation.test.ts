import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, Client, type SeededCustomer } from 'portal/testing';
import { customer, HOSTS, meterWithHistory, PNG, postMultipart, signedIn, sql, startMeterPortal } from './harness.ts';

let portal: TestPortal;
let ana: SeededCustomer;
const meters: Record<string, number> = {};
let betoReading: number;

beforeAll(async () => {
  portal = await startMeterPortal();
  ana = await customer(portal, 'aguas', 'ana');
  const beto = await customer(portal, 'aguas', 'beto');
  const carla = await customer(portal, 'luz', 'carla');
  await customer(portal, 'red', 'dario');
  meters.ana = (await meterWithHistory(portal, 'aguas', ana.accountNumber, { id: 'ana' })).meterId;
  meters.beto = (await meterWithHistory(portal, 'aguas', beto.accountNumber, { id: 'beto' })).meterId;
  meters.carla = (await meterWithHistory(portal, 'luz', carla.accountNumber, { id: 'carla' })).meterId;
  // Beto sends a reading with a photo, so there is someone else's photo to ask for.
  const betoClient = await signedIn(portal, 'aguas', beto);
  await betoClient.get(`/meter-readings/${meters.beto}/submit`);
  const sent = await postMultipart(portal, betoClient, `/meter-readings/${meters.beto}/submit`, { 'value-total': '1420' }, { name: 'photo', filename: 'medidor.png', data: PNG });
  expect(sent.statusCode).toBe(303);
  [{ id: betoReading }] = await sql(portal, `SELECT id FROM meter_readings_readings WHERE meter_id = ? AND source = 'customer'`, [meters.beto]);
});
afterAll(async () => portal?.dispose());

describe("another customer's or tenant's meter", () => {
  it('is a 404 on every page, never a 403', async () => {
    const client = await signedIn(portal, 'aguas', ana);
    expect((await client.get(`/meter-readings/${meters.ana}`)).statusCode).toBe(200);
    for (const id of [meters.beto, meters.carla, 999_999, 'abc', '1e3', '-1', '99999999999']) {
      for (const path of [`/meter-readings/${id}`, `/meter-readings/${id}/submit`]) {
        expect((await client.get(path)).statusCode, path).toBe(404);
      }
    }
  });

  it('refuses a reading posted for it, as a form or as multipart, and stores nothing', async () => {
    const client = await signedIn(portal, 'aguas', ana);
    await client.get(`/meter-readings/${meters.ana}/submit`);
    expect((await client.post(`/meter-readings/${meters.beto}/submit`, { 'value-total': '1430' })).statusCode).toBe(404);
    const multipart = await postMultipart(portal, client, `/meter-readings/${meters.carla}/submit`, { 'value-total': '1430' }, { name: 'photo', filename: 'a.png', data: PNG });
    expect(multipart.statusCode).toBe(404);
    const rows = await sql(portal, `SELECT meter_id, value FROM meter_readings_readings WHERE source = 'customer' ORDER BY id`);
    expect(rows).toEqual([{ meter_id: meters.beto, value: '1420' }]);
  });

  it("does not serve another customer's photo, and serves the owner's as a download", async () => {
    const client = await signedIn(portal, 'aguas', ana);
    expect((await client.get(`/meter-readings/readings/${betoReading}/photo`)).statusCode).toBe(404);
    const beto = await signedIn(portal, 'aguas', { email: 'beto@aguas.test' } as SeededCustomer);
    const own = await beto.get(`/meter-readings/readings/${betoReading}/photo`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(own.headers['content-disposition']).toBe(`attachment; filename="lectura-${betoReading}.png"`);
    expect(own.rawPayload.equals(PNG)).toBe(true);
  });

  it('lists only the signed-in customer’s meters', async () => {
    const client = await signedIn(portal, 'aguas', ana);
    const list = await client.get('/meter-readings');
    expect(list.body).toContain('N-ana');
    expect(list.body).not.toContain('N-beto');
  });

  it('ignores reminder choices for accounts that are not the customer’s', async () => {
    const client = await signedIn(portal, 'aguas', ana);
    const [{ id: betoAccount }] = await sql(portal, `SELECT id FROM accounts WHERE number = 'AGUAS-BETO'`);
    await client.get('/meter-readings/notifications');
    const res = await client.post('/meter-readings/notifications', { account: String(betoAccount) });
    expect(res.statusCode).toBe(303);
    expect(await sql(portal, `SELECT account_id FROM meter_readings_reminders`)).toEqual([]);
  });
});

describe('tenants and visitors', () => {
  it('answers 404 for a tenant that has not enabled the plugin', async () => {
    const dario = await signedIn(portal, 'red', { email: 'dario@red.test' } as SeededCustomer);
    for (const path of ['/meter-readings', `/meter-readings/${meters.ana}`, '/meter-readings/notifications']) {
      expect((await dario.get(path)).statusCode, path).toBe(404);
    }
    expect((await dario.get('/dashboard')).body).not.toContain('Lecturas');
  });

  it('sends anonymous visitors to the login page and back', async () => {
    const res = await new Client(portal.app, HOSTS.aguas).get(`/meter-readings/${meters.ana}`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/meter-readings/${meters.ana}`)}`);
  });

  it('speaks the tenant’s language', async () => {
    const carla = await signedIn(portal, 'luz', { email: 'carla@luz.test' } as SeededCustomer);
    const page = await carla.get(`/meter-readings/${meters.carla}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Consumption per period');
    expect(page.body).toContain('The period for sending your reading is open until');
  });
});
