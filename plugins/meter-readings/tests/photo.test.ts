import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestPortal, Client } from 'portal/testing';
import { customer, meterWithHistory, PNG, postMultipart, signedIn, sql, startMeterPortal } from './harness.ts';
import { purgeHeld } from '../jobs/purge-held-photos.ts';

let portal: TestPortal;

beforeAll(async () => {
  portal = await startMeterPortal();
});
afterAll(async () => portal?.dispose());

/** A PNG padded to `size` bytes: still a PNG by its first bytes. */
const bigPng = (size: number) => Buffer.concat([PNG, Buffer.alloc(size - PNG.length)]);
const photoDir = (tenant: string) => join(portal.config.dataDir, 'files', tenant, 'meter-readings');
const storedPhotos = (tenant: string) => (existsSync(photoDir(tenant)) ? readdirSync(photoDir(tenant)) : []);

async function setUp(tenant: 'aguas' | 'luz', name: string): Promise<{ client: Client; url: string; meterId: number }> {
  const who = await customer(portal, tenant, name);
  const { meterId } = await meterWithHistory(portal, tenant, who.accountNumber, { id: name });
  const client = await signedIn(portal, tenant, who);
  const url = `/meter-readings/${meterId}/submit`;
  const form = await client.get(url);
  expect(form.body).toContain('enctype="multipart/form-data"');
  expect(form.body).toMatch(/action="\/meter-readings\/\d+\/submit"/);
  return { client, url, meterId };
}

const rowsOf = (meterId: number) => sql<{ value: string; photo_path: string; photo_type: string }>(portal, `SELECT value, photo_path, photo_type FROM meter_readings_readings WHERE meter_id = ? AND source = 'customer'`, [meterId]);

describe('a photo with the reading', () => {
  it('is stored under a generated name in the data folder and kept with the reading', async () => {
    const { client, url, meterId } = await setUp('aguas', 'ana');
    const res = await postMultipart(portal, client, url, { 'value-total': '1420' }, { name: 'photo', filename: 'IMG_2031.PNG', data: PNG });
    expect(res.statusCode).toBe(303);
    const [row] = await rowsOf(meterId);
    expect(row).toMatchObject({ value: '1420', photo_type: 'image/png' });
    expect(row.photo_path).toMatch(/^aguas\/meter-readings\/[A-Za-z0-9_-]{22}$/);
    expect(storedPhotos('aguas')).toEqual([row.photo_path.split('/')[2]]);
    expect((await client.get(`/meter-readings/${meterId}`)).body).toContain('Ver foto');
  });

  it('must be an image by its bytes and by its name', async () => {
    const { client, url, meterId } = await setUp('aguas', 'beto');
    const script = await postMultipart(portal, client, url, { 'value-total': '1420' }, { name: 'photo', filename: 'medidor.jpg', data: Buffer.from('<script>alert(1)</script>') });
    expect(script.statusCode).toBe(422);
    expect(script.body).toContain('El archivo no es una imagen JPG, PNG o WEBP, aunque su nombre lo diga.');
    const named = await postMultipart(portal, client, url, { 'value-total': '1420' }, { name: 'photo', filename: 'medidor.svg', data: PNG });
    expect(named.statusCode).toBe(422);
    expect(named.body).toContain('La foto tiene que ser una imagen JPG, PNG o WEBP.');
    expect(named.body).toContain('value="1420"');
    expect(await rowsOf(meterId)).toEqual([]);
  });

  it('may not exceed the tenant’s size limit', async () => {
    const { client, url, meterId } = await setUp('aguas', 'caro');
    const res = await postMultipart(portal, client, url, { 'value-total': '1420' }, { name: 'photo', filename: 'grande.png', data: bigPng(250_000) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('La foto pesa más de 0,2 MB.');
    expect(await rowsOf(meterId)).toEqual([]);
  });

  it('is required where the tenant says so, and may be larger than a form body there', async () => {
    const { client, url, meterId } = await setUp('luz', 'dora');
    const without = await postMultipart(portal, client, url, { 'value-total': '1420' });
    expect(without.statusCode).toBe(422);
    expect(without.body).toContain('Attach a photo of the meter where the numbers can be read.');
    const big = await postMultipart(portal, client, url, { 'value-total': '1420' }, { name: 'photo', filename: 'meter.png', data: bigPng(2_500_000) });
    expect(big.statusCode).toBe(303);
    expect(await rowsOf(meterId)).toEqual([expect.objectContaining({ value: '1420', photo_type: 'image/png' })]);
  });

  it('is kept through the confirmation of an unusual reading, for that customer only', async () => {
    const { client, url, meterId } = await setUp('luz', 'emma');
    const first = await postMultipart(portal, client, url, { 'value-total': '3000' }, { name: 'photo', filename: 'meter.png', data: PNG });
    expect(first.statusCode).toBe(200);
    const token = /name="photoToken" value="([^"]+)"/.exec(first.body)?.[1];
    expect(token).toMatch(/^luz\/meter-readings\/[A-Za-z0-9_-]{22}$/);

    // Someone else's confirmation cannot take it.
    const other = await setUp('luz', 'fede');
    const stolen = await other.client.post(other.url, { 'value-total': '1420', photoToken: token!, confirm: 'yes' });
    expect(stolen.statusCode).toBe(422);
    expect(stolen.body).toContain('Attach a photo of the meter');

    const confirmed = await client.post(url, { 'value-total': '3000', photoToken: token!, confirm: 'yes' });
    expect(confirmed.statusCode).toBe(303);
    expect(await rowsOf(meterId)).toEqual([{ value: '3000', photo_path: token, photo_type: 'image/png' }]);
    expect(await sql(portal, `SELECT file_key FROM meter_readings_held_photos`)).toEqual([]);
  });

  it('stays with a resubmission that brings none, and is replaced (and deleted) by one that does', async () => {
    const { client, url, meterId } = await setUp('aguas', 'gabi');
    await postMultipart(portal, client, url, { 'value-total': '1420' }, { name: 'photo', filename: 'a.png', data: PNG });
    const [{ photo_path: firstKey }] = await rowsOf(meterId);
    await client.get(url);
    expect((await postMultipart(portal, client, url, { 'value-total': '1421' })).statusCode).toBe(303);
    expect(await rowsOf(meterId)).toEqual([expect.objectContaining({ value: '1421', photo_path: firstKey })]);
    await client.get(url);
    expect((await postMultipart(portal, client, url, { 'value-total': '1422' }, { name: 'photo', filename: 'b.png', data: PNG })).statusCode).toBe(303);
    const [row] = await rowsOf(meterId);
    expect(row.photo_path).not.toBe(firstKey);
    expect(storedPhotos('aguas')).not.toContain(firstKey.split('/')[2]);
    expect(storedPhotos('aguas')).toContain(row.photo_path.split('/')[2]);
  });

  it('waiting for a confirmation is kept for a few confirmations only, however often the customer tries', async () => {
    const { client, url } = await setUp('aguas', 'iris');
    const tokens: string[] = [];
    for (let i = 0; i < 5; i++) {
      await client.get(url);
      const res = await postMultipart(portal, client, url, { 'value-total': '3000' }, { name: 'photo', filename: 'a.png', data: PNG });
      tokens.push(/name="photoToken" value="([^"]+)"/.exec(res.body)![1]);
    }
    const held = await sql(portal, `SELECT file_key FROM meter_readings_held_photos h JOIN customers c ON c.id = h.customer_id WHERE c.email = 'iris@aguas.test' ORDER BY h.id`);
    expect(held.map((h) => h.file_key)).toEqual(tokens.slice(2));
    expect(storedPhotos('aguas')).not.toContain(tokens[0].split('/')[2]);
  });

  it('waiting for a confirmation nobody gives is purged after a day', async () => {
    const { client, url } = await setUp('aguas', 'hugo');
    const first = await postMultipart(portal, client, url, { 'value-total': '3000' }, { name: 'photo', filename: 'a.png', data: PNG });
    const token = /name="photoToken" value="([^"]+)"/.exec(first.body)![1];
    const tenant = portal.tenants.get('aguas')!;
    const ctx = { tenant, em: portal.db.forTenant('aguas'), settings: {}, slot: new Date(), log: portal.app.log, portal: portal.services };
    expect(await purgeHeld(ctx)).toBe(0);
    const [{ n }] = await sql(portal, `SELECT count(*)::int AS n FROM meter_readings_held_photos`);
    await sql(portal, `UPDATE meter_readings_held_photos SET created_at = now() - interval '25 hours'`);
    expect(await purgeHeld(ctx)).toBe(n);
    expect(await sql(portal, `SELECT file_key FROM meter_readings_held_photos`)).toEqual([]);
    expect(storedPhotos('aguas')).not.toContain(token.split('/')[2]);
  });
});
