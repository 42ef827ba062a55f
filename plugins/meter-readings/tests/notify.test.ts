import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, type SeededCustomer, Scheduler } from 'portal/testing';
import { customer, meterWithHistory, provider, signedIn, sql, startMeterPortal, today } from './harness.ts';
import { addDays } from '../domain/local-date.ts';

let portal: TestPortal;
let ana: SeededCustomer;
const accounts: Record<string, number> = {};

const remind = (who: SeededCustomer) =>
  sql(portal, `INSERT INTO meter_readings_reminders (tenant_id, customer_id, account_id) VALUES ('aguas', ?, ?)`, [who.customerId, who.accountId]);
const hourSlot = (offsetHours = 0) => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + offsetHours * 3_600_000);

/** Runs the job's slot in `processes` schedulers at once, as that many portal processes would. */
async function runEverywhere(slot: Date, processes = 2): Promise<boolean[]> {
  const plugin = portal.plugins.find((p) => p.name === 'meter-readings')!;
  const job = plugin.definition.jobs!.find((j) => j.name === 'window-open')!;
  const deps = { db: portal.db, tenants: portal.tenants, plugins: portal.plugins, services: portal.services, log: portal.app.log };
  const tenant = portal.tenants.get('aguas')!;
  return Promise.all(Array.from({ length: processes }, () => new Scheduler(deps).runSlot('meter-readings', job, tenant, slot)));
}

const mails = () => sql(portal, `SELECT to_address, subject, text FROM mail_outbox WHERE tenant_id = 'aguas' ORDER BY id`);

beforeAll(async () => {
  portal = await startMeterPortal();
  ana = await customer(portal, 'aguas', 'ana');
  // Two meters on Ana's account, read the same day: one window, one email naming both.
  await meterWithHistory(portal, 'aguas', ana.accountNumber, { id: 'ana-1' });
  await meterWithHistory(portal, 'aguas', ana.accountNumber, { id: 'ana-2' });
  await remind(ana);
  // Beto asked too, but his window opens later.
  const beto = await customer(portal, 'aguas', 'beto');
  await meterWithHistory(portal, 'aguas', beto.accountNumber, { id: 'beto', daysAhead: 20 });
  await remind(beto);
  // Caro's window is open but she did not ask.
  const caro = await customer(portal, 'aguas', 'caro');
  await meterWithHistory(portal, 'aguas', caro.accountNumber, { id: 'caro' });
  // Dani asked, but already sent this window's reading.
  const dani = await customer(portal, 'aguas', 'dani');
  const { meterId } = await meterWithHistory(portal, 'aguas', dani.accountNumber, { id: 'dani' });
  await remind(dani);
  const [{ window_key }] = await sql(portal, `SELECT to_char(min(reading_date), 'YYYY-MM-DD') AS window_key FROM meter_readings_schedule WHERE meter_id = ?`, [meterId]);
  await sql(portal, `INSERT INTO meter_readings_readings (tenant_id, meter_id, read_on, value, source, window_key, customer_id, submitted_at)
                     VALUES ('aguas', ?, current_date, 1500, 'customer', ?, ?, now())`, [meterId, window_key, dani.customerId]);
  Object.assign(accounts, { ana: ana.accountId, beto: beto.accountId });
});
afterAll(async () => portal?.dispose());

describe('email when the reading window opens', () => {
  it('sends one email per customer and window even when two portal processes run the slot', async () => {
    const ran = await runEverywhere(hourSlot());
    expect(ran.filter(Boolean)).toHaveLength(1);
    const sent = await mails();
    expect(sent.map((m) => [m.to_address, m.subject])).toEqual([['ana@aguas.test', 'Ya podés aportar la lectura de tu medidor']]);
    expect(sent[0].text).toContain('N-ana-1');
    expect(sent[0].text).toContain('N-ana-2');
    expect(sent[0].text).toMatch(/http:\/\/aguas\.localhost:3000\/meter-readings\/\d+\/submit/);
  });

  it('does not send it again in later slots, even when processes run different slots at once', async () => {
    await runEverywhere(hourSlot(1), 1);
    await Promise.all([runEverywhere(hourSlot(2), 1), runEverywhere(hourSlot(3), 1)]);
    expect(await mails()).toHaveLength(1);
    expect(await sql(portal, `SELECT customer_id FROM meter_readings_notices`)).toEqual([{ customer_id: ana.customerId }]);
  });

  it('sends the next window’s email once that window opens', async () => {
    const p = provider(portal, 'aguas');
    // Beto's reading date moves up: his window is open now.
    await p.upsertSchedule([{ meterExternalId: 'beto', dates: [addDays(today(), 3)] }]);
    await runEverywhere(hourSlot(4));
    expect((await mails()).map((m) => m.to_address)).toEqual(['ana@aguas.test', 'beto@aguas.test']);
  });
});

describe('reminder choices', () => {
  it('turns reminders on and off per account', async () => {
    const client = await signedIn(portal, 'aguas', ana);
    const page = await client.get('/meter-readings/notifications');
    expect(page.body).toContain('Los avisos llegan a ana@aguas.test.');
    expect(page.body).toMatch(new RegExp(`name="account" value="${accounts.ana}" checked`));
    expect((await client.post('/meter-readings/notifications', {})).statusCode).toBe(303);
    expect(await sql(portal, `SELECT 1 FROM meter_readings_reminders WHERE customer_id = ?`, [ana.customerId])).toEqual([]);
    await client.get('/meter-readings/notifications');
    await client.post('/meter-readings/notifications', { account: String(accounts.ana) });
    expect(await sql(portal, `SELECT account_id FROM meter_readings_reminders WHERE customer_id = ?`, [ana.customerId])).toEqual([{ account_id: accounts.ana }]);
    expect((await client.get('/meter-readings/notifications')).body).toContain('te vamos a avisar cuando se abra el período de lectura');
  });
});
