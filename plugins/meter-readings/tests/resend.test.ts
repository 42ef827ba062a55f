import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestPortal, Client } from 'portal/testing';
import { customer, meterWithHistory, PNG, postMultipart, signedIn, sql, startMeterPortal } from './harness.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startMeterPortal();
});
afterAll(async () => portal?.dispose());

/** A signed-in customer with a meter whose window is open; about 30 m³ a month since 1000. */
async function meterOf(name: string): Promise<{ client: Client; url: string; meterId: number }> {
  const who = await customer(portal, 'aguas', name);
  const { meterId } = await meterWithHistory(portal, 'aguas', who.accountNumber, { id: `${name}-agua`, perMonth: 30, start: 1000 });
  return { client: await signedIn(portal, 'aguas', who), url: `/meter-readings/${meterId}/submit`, meterId };
}
const tokenIn = (body: string) => {
  const token = /name="_submission" value="([^"]+)"/.exec(body)?.[1];
  if (!token) throw new Error('the form carries no submission token');
  return token;
};
const readings = (meterId: number) => sql(portal, `SELECT value FROM meter_readings_readings WHERE meter_id = ? AND source = 'customer'`, [meterId]);
const receipts = async (name: string) => (await sql(portal, `SELECT id FROM mail_outbox WHERE tenant_id = 'aguas' AND to_address = ?`, [`${name}@aguas.test`])).length;
const photos = () => {
  const dir = join(portal.config.dataDir, 'files', 'aguas', 'meter-readings');
  return existsSync(dir) ? readdirSync(dir).length : 0;
};

describe('a reading form sent again', () => {
  it('stores one reading, one photo and one receipt email; the second post goes to the meter saying it arrived', async () => {
    const { client, url, meterId } = await meterOf('ana');
    const form = { 'value-total': '1421', _submission: tokenIn((await client.get(url)).body) };
    const before = photos();
    const photo = { name: 'photo', filename: 'medidor.png', data: PNG, type: 'image/png' };
    const first = await postMultipart(portal, client, url, form, photo);
    const second = await postMultipart(portal, client, url, form, photo);
    expect(first.statusCode).toBe(303);
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(`/meter-readings/${meterId}`);
    expect(decodeURIComponent(second.cookies.find((c) => c.name === 'flash')?.value ?? '')).toContain('Ya lo recibimos');
    expect(await readings(meterId)).toEqual([{ value: '1421' }]);
    expect(await receipts('ana')).toBe(1);
    expect(photos()).toBe(before + 1);
  });

  it('stores one reading and sends one receipt when the posts arrive at once', async () => {
    const { client, url, meterId } = await meterOf('beto');
    const form = { 'value-total': '1422', _submission: tokenIn((await client.get(url)).body) };
    const answers = await Promise.all([1, 2, 3].map(() => client.post(url, form)));
    expect(answers.map((a) => a.statusCode)).toEqual([303, 303, 303]);
    expect(await readings(meterId)).toEqual([{ value: '1422' }]);
    expect(await receipts('beto')).toBe(1);
  });

  it('confirmed after the unusual-value step, stores the reading once however often the confirmation is sent', async () => {
    const { client, url, meterId } = await meterOf('cata');
    await client.get(url);
    const step = await client.post(url, { 'value-total': '2500' });
    expect(step.body).toContain('name="confirm" value="yes"');
    const confirm = { 'value-total': '2500', confirm: 'yes', _submission: tokenIn(step.body) };
    const answers = [await client.post(url, confirm), await client.post(url, confirm)];
    expect(answers.map((a) => a.statusCode)).toEqual([303, 303]);
    expect(await readings(meterId)).toEqual([{ value: '2500' }]);
    expect(await receipts('cata')).toBe(1);
  });

  it("with another customer's token is stored as the second customer's own reading", async () => {
    const ana = await meterOf('dani');
    const beto = await meterOf('eli');
    const token = tokenIn((await ana.client.get(ana.url)).body);
    expect((await ana.client.post(ana.url, { 'value-total': '1421', _submission: token })).statusCode).toBe(303);
    await beto.client.get(beto.url);
    const other = await beto.client.post(beto.url, { 'value-total': '1423', _submission: token });
    expect(other.statusCode).toBe(303);
    expect(other.headers.location).toBe(`/meter-readings/${beto.meterId}`);
    expect(await readings(beto.meterId)).toEqual([{ value: '1423' }]);
    expect(await readings(ana.meterId)).toEqual([{ value: '1421' }]);
  });

  it('without a token is stored again, as before (one reading replaced, a receipt each time)', async () => {
    const { client, url, meterId } = await meterOf('fede');
    await client.get(url);
    expect((await client.post(url, { 'value-total': '1421' })).statusCode).toBe(303);
    expect((await client.post(url, { 'value-total': '1421' })).statusCode).toBe(303);
    expect(await readings(meterId)).toEqual([{ value: '1421' }]);
    expect(await receipts('fede')).toBe(2);
  });
});
