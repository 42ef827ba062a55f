import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, type Client, auditRows, createStaff, loginStaff } from 'portal/testing';
import { customer, HOSTS, meterWithHistory, PNG, postMultipart, signedIn, sql, startMeterPortal } from './harness.ts';

let portal: TestPortal;
let beto: Client;
let betoMeter: number;
let readingId: number;

beforeAll(async () => {
  portal = await startMeterPortal();
  const who = await customer(portal, 'aguas', 'beto');
  ({ meterId: betoMeter } = await meterWithHistory(portal, 'aguas', who.accountNumber, { id: 'beto', perMonth: 30, start: 1000 }));
  beto = await signedIn(portal, 'aguas', who);
  await beto.get(`/meter-readings/${betoMeter}/submit`);
  expect((await postMultipart(portal, beto, `/meter-readings/${betoMeter}/submit`, { 'value-total': '1420' }, { name: 'photo', filename: 'm.png', data: PNG })).statusCode).toBe(303);
  [{ id: readingId }] = await sql(portal, `SELECT id FROM meter_readings_readings WHERE source = 'customer'`);
});
afterAll(async () => portal?.dispose());

describe('customer readings in the back office', () => {
  it('lists what customers sent with the previous real reading and the consumption it implies', async () => {
    const billing = await loginStaff(portal, HOSTS.aguas, await createStaff(portal, 'aguas', { role: 'billing' }));
    const page = await billing.get('/staff/meter-readings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Lecturas aportadas por los clientes');
    const row = new RegExp(`<tr id="reading-${readingId}" data-reading="${readingId}">[\\s\\S]*?</tr>`).exec(page.body)![0];
    expect(row).toContain('AGUAS-BETO');
    expect(row).toContain('1.420 m³');
    expect(row).toMatch(/Anterior: 1\.390, del \d\d\/\d\d\/\d{4}/);
    expect(row).toContain('30 m³');
    expect(row).toContain(`href="/staff/meter-readings/readings/${readingId}/photo"`);
    const photo = await billing.get(`/staff/meter-readings/readings/${readingId}/photo`);
    expect(photo.headers['content-disposition']).toMatch(/^attachment;/);
    expect(photo.rawPayload.equals(PNG)).toBe(true);
    const overview = await billing.get('/staff');
    expect(overview.body).toContain('Lecturas sin facturar');
  });

  it('downloads them as CSV, audited', async () => {
    const billing = await loginStaff(portal, HOSTS.aguas, await createStaff(portal, 'aguas', { role: 'billing' }));
    const csv = await billing.get('/staff/meter-readings/export.csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="lecturas-aguas-\d{4}-\d\d-\d\d\.csv"$/);
    expect(csv.body.split('\r\n')[1]).toMatch(new RegExp(`^${readingId},AGUAS-BETO,beto,N-beto,total,`));
    expect(await auditRows(portal, 'aguas', 'meter-readings.exported')).toEqual([expect.objectContaining({ actor_type: 'staff', outcome: 'success' })]);
  });

  it('lets support look but not mark as billed', async () => {
    const support = await loginStaff(portal, HOSTS.aguas, await createStaff(portal, 'aguas', { role: 'support' }));
    const page = await support.get('/staff/meter-readings');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('name="reading"');
    const res = await support.post('/staff/meter-readings/billed', { reading: String(readingId) });
    expect(res.statusCode).toBe(403);
    expect(await sql(portal, `SELECT billed_at FROM meter_readings_readings WHERE id = ?`, [readingId])).toEqual([{ billed_at: null }]);
  });

  it('marks readings as billed with an audit entry, after which the customer cannot replace them', async () => {
    const staff = await createStaff(portal, 'aguas', { role: 'billing' });
    const billing = await loginStaff(portal, HOSTS.aguas, staff);
    await billing.get('/staff/meter-readings');
    const res = await billing.post('/staff/meter-readings/billed', { reading: String(readingId) });
    expect(res.statusCode).toBe(303);
    expect((await billing.get('/staff/meter-readings')).body).toContain('Lecturas marcadas como facturadas: 1.');
    expect(await auditRows(portal, 'aguas', 'meter-readings.billed')).toEqual([
      expect.objectContaining({ actor_type: 'staff', actor_id: String(staff.id), details: { readings: [readingId] } }),
    ]);
    expect((await billing.get('/staff/meter-readings?billed=1')).body).toContain(`<tr id="reading-${readingId}" data-reading="${readingId}">`);

    const again = await beto.submit(`/meter-readings/${betoMeter}/submit`, `/meter-readings/${betoMeter}/submit`, { 'value-total': '1425' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('ya se usó para facturar');
  });

  it('does not exist for a tenant without the plugin', async () => {
    const operator = await loginStaff(portal, HOSTS.red, await createStaff(portal, 'red', { role: 'billing' }));
    expect((await operator.get('/staff/meter-readings')).statusCode).toBe(404);
    expect((await operator.get(`/staff/meter-readings/readings/${readingId}/photo`)).statusCode).toBe(404);
  });
});

describe('the staff customer page', () => {
  it("shows the latest readings of the customer's meters; the one the customer sent links to its queue line and photo", async () => {
    const [{ customer_id: customerId }] = await sql<{ customer_id: number }>(portal, `SELECT customer_id FROM accounts WHERE tenant_id = 'aguas' AND number = 'AGUAS-BETO'`);
    const support = await loginStaff(portal, HOSTS.aguas, await createStaff(portal, 'aguas', { role: 'support' }));
    const page = await support.get(`/staff/customers/${customerId}`);
    expect(page.statusCode).toBe(200);
    const html = (/<section class="card staff-panel" id="panel-meter-readings-readings"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '').replace(/&#x3D;/g, '=');
    expect(html).toContain('Lecturas de medidor');
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]).slice(1);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows[0]).toContain('1.420 m³');
    expect(rows[0]).toContain('Enviada por el cliente');
    const link = /<a href="([^"]+)">\d\d\/\d\d\/\d{4}<\/a>/.exec(rows[0])?.[1];
    expect(link).toMatch(new RegExp(`^/staff/meter-readings(\\?billed=1)?#reading-${readingId}$`));
    expect(rows[0]).toContain(`href="/staff/meter-readings/readings/${readingId}/photo"`);
    expect(rows[1]).toContain('Tomada por la empresa');
    expect(rows[1]).not.toContain('<a href');
    const queue = await support.get(link!.split('#')[0]);
    expect(queue.body).toContain(`id="reading-${readingId}"`);
  });

  it('is left out for a customer without meters', async () => {
    const ana = await customer(portal, 'aguas', 'ana-sin-medidor');
    const support = await loginStaff(portal, HOSTS.aguas, await createStaff(portal, 'aguas', { role: 'support' }));
    const page = await support.get(`/staff/customers/${ana.customerId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('panel-meter-readings-readings');
  });
});
