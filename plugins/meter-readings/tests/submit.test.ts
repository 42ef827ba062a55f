import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal, Client } from 'portal/testing';
import { customer, meterWithHistory, signedIn, sql, startMeterPortal, today } from './harness.ts';
import { formatLocalDate } from '../domain/format.ts';
import { addDays } from '../domain/local-date.ts';

let portal: TestPortal;
let ana: Client;
let meterId: number;
let last: { value: number; readOn: string };

beforeAll(async () => {
  portal = await startMeterPortal();
  const who = await customer(portal, 'aguas', 'ana');
  ({ meterId, last } = await meterWithHistory(portal, 'aguas', who.accountNumber, { id: 'ana-agua', perMonth: 30, start: 1000 }));
  ana = await signedIn(portal, 'aguas', who);
});
afterAll(async () => portal?.dispose());

const submitUrl = () => `/meter-readings/${meterId}/submit`;
const send = (value: string, extra: Record<string, string> = {}) => ana.submit(submitUrl(), submitUrl(), { 'value-total': value, ...extra });
const customerRows = () => sql(portal, `SELECT value, confirmed_implausible, window_key, read_on FROM meter_readings_readings WHERE meter_id = ? AND source = 'customer'`, [meterId]);

describe('submitting a reading inside the window', () => {
  it('shows the form with the last real reading while the window is open', async () => {
    const res = await ana.get(submitUrl());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('name="value-total"');
    expect(res.body).toContain(`Última lectura real: 1.390 m³, del ${formatLocalDate(last.readOn)}`);
    expect(res.body).toMatch(/abierto hasta el \d\d\/\d\d\/\d{4} inclusive/);
  });

  it('refuses a reading lower than the previous one, naming that reading', async () => {
    const res = await send('1389');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`La lectura no puede ser menor que la anterior: 1.390 m³, del ${formatLocalDate(last.readOn)}.`);
    expect(res.body).toContain('aria-invalid="true"');
    expect(await customerRows()).toEqual([]);
  });

  it('refuses letters, separators and more digits than the meter has', async () => {
    expect((await send('1.420')).body).toContain('Ingresá solo números, sin puntos, comas ni espacios.');
    expect((await send('123456')).body).toContain('Tu medidor muestra 5 dígitos');
    expect((await send('')).body).toContain('Ingresá la lectura.');
    expect(await customerRows()).toEqual([]);
  });

  it('asks for an explicit confirmation of an implausible value and stores nothing until then', async () => {
    const res = await send('2500');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('La lectura es muy distinta de tu consumo habitual.');
    expect(res.body).toContain('Sí, la lectura es correcta');
    expect(res.body).toContain('name="confirm" value="yes"');
    expect(await customerRows()).toEqual([]);
    // "Correct it" brings back the form with the value typed.
    const correct = /href="([^"]+)">Corregir la lectura/.exec(res.body)![1].replace(/&#x3D;/g, '=');
    expect(correct).toBe(`${submitUrl()}?value-total=2500`);
    expect((await ana.get(correct)).body).toContain('value="2500"');

    const confirmed = await ana.post(submitUrl(), { 'value-total': '2500', confirm: 'yes' });
    expect(confirmed.statusCode).toBe(303);
    expect(await customerRows()).toEqual([
      { value: '2500', confirmed_implausible: true, window_key: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as string, read_on: today() },
    ]);
  });

  it('replaces the reading of the window when the customer sends it again, and emails each receipt', async () => {
    const res = await send('1421');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/meter-readings/${meterId}`);
    expect(await customerRows()).toEqual([expect.objectContaining({ value: '1421', confirmed_implausible: false })]);

    const page = await ana.get(`/meter-readings/${meterId}`);
    expect(page.body).toContain('Recibimos tu lectura: 1.421 m³. Te enviamos la confirmación por email.');
    expect(page.body).toContain('Ya nos enviaste 1.421 m³');
    const mails = await sql(portal, `SELECT to_address, subject, text FROM mail_outbox WHERE tenant_id = 'aguas' ORDER BY id`);
    expect(mails.map((m) => m.subject)).toEqual(['Recibimos tu lectura del medidor N-ana-agua', 'Recibimos tu lectura del medidor N-ana-agua']);
    expect(mails[1].to_address).toBe('ana@aguas.test');
    expect(mails[1].text).toContain('1.421 m³');
    expect(mails[1].text).toContain('http://aguas.localhost:3000/meter-readings/');
  });

  it('prefills the form with the reading already sent', async () => {
    expect((await ana.get(submitUrl())).body).toContain('value="1421"');
  });

  it('keeps the reading once the provider took it into billing', async () => {
    await sql(portal, `UPDATE meter_readings_readings SET billed_at = now() WHERE meter_id = ? AND source = 'customer'`, [meterId]);
    const res = await send('1425');
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('ya se usó para facturar');
    expect(await customerRows()).toEqual([expect.objectContaining({ value: '1421' })]);
    await sql(portal, `UPDATE meter_readings_readings SET billed_at = NULL WHERE meter_id = ? AND source = 'customer'`, [meterId]);
  });
});

describe('outside the window', () => {
  it('says when the next window opens and refuses a reading', async () => {
    const who = await customer(portal, 'aguas', 'beto');
    const { meterId: later, next } = await meterWithHistory(portal, 'aguas', who.accountNumber, { id: 'beto-agua', daysAhead: 20 });
    const beto = await signedIn(portal, 'aguas', who);
    const page = await beto.get(`/meter-readings/${later}/submit`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('El período para aportar tu lectura está cerrado.');
    expect(page.body).toContain(`El próximo período abre el ${formatLocalDate(addDays(next, -5))} y cierra el ${formatLocalDate(next)}.`);
    expect(page.body).not.toContain('name="value-total"');
    const res = await beto.post(`/meter-readings/${later}/submit`, { 'value-total': '1500' });
    expect(res.statusCode).toBe(409);
    expect(await sql(portal, `SELECT id FROM meter_readings_readings WHERE meter_id = ? AND source = 'customer'`, [later])).toEqual([]);
  });
});

describe('meters that rolled over and readings already on file', () => {
  it('accepts a reading below the previous one when the meter went past its last value', async () => {
    const who = await customer(portal, 'aguas', 'caro');
    const { meterId: rolled } = await meterWithHistory(portal, 'aguas', who.accountNumber, { id: 'caro-agua', start: 99_500, perMonth: 30, months: 6 });
    const caro = await signedIn(portal, 'aguas', who);
    // Last reading 99.650; 99.650 → 100.000 → 12 is 362… too much for a month: confirm it.
    const high = await caro.submit(`/meter-readings/${rolled}/submit`, `/meter-readings/${rolled}/submit`, { 'value-total': '12' });
    expect(high.statusCode).toBe(200);
    expect(high.body).toContain('Sí, la lectura es correcta');
    const ok = await caro.post(`/meter-readings/${rolled}/submit`, { 'value-total': '12', confirm: 'yes' });
    expect(ok.statusCode).toBe(303);
    const history = await caro.get(`/meter-readings/${rolled}`);
    expect(history.body).toContain('volvió a cero');
    expect(history.body).toContain('362 m³');
  });

  it('refuses a reading on the day a reading is already on file', async () => {
    const who = await customer(portal, 'aguas', 'dani');
    const { meterId: read } = await meterWithHistory(portal, 'aguas', who.accountNumber, { id: 'dani-agua' });
    await sql(portal, `INSERT INTO meter_readings_readings (tenant_id, meter_id, read_on, value, source) VALUES ('aguas', ?, ?, 1400, 'company')`, [read, today()]);
    const dani = await signedIn(portal, 'aguas', who);
    const res = await dani.submit(`/meter-readings/${read}/submit`, `/meter-readings/${read}/submit`, { 'value-total': '1410' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`Ya hay una lectura del ${formatLocalDate(today())}.`);
  });
});
