import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, startS3Server, type S3TestServer, type TestPortal } from 'portal/testing';
import { customer, meterWithHistory, PNG, postMultipart, signedIn, sql, startMeterPortal } from './harness.ts';

let s3: S3TestServer;
let portal: TestPortal;

beforeAll(async () => {
  s3 = await startS3Server();
  portal = await startMeterPortal({ url: s3.storageUrl('photos'), env: s3.env });
});
afterAll(async () => {
  await portal?.dispose();
  await s3?.stop();
});

describe('meter photos on an S3 store', () => {
  it('are kept in the bucket and shown back to the customer byte for byte', async () => {
    const who = await customer(portal, 'aguas', 'ana');
    const { meterId } = await meterWithHistory(portal, 'aguas', who.accountNumber, { id: 'ana' });
    const client = await signedIn(portal, 'aguas', who);
    const url = `/meter-readings/${meterId}/submit`;
    await client.get(url);
    const res = await postMultipart(portal, client, url, { 'value-total': '1420' }, { name: 'photo', filename: 'medidor.png', data: PNG });
    expect(res.statusCode).toBe(303);
    const [row] = await sql<{ id: number; photo_path: string }>(portal, `SELECT id, photo_path FROM meter_readings_readings WHERE meter_id = ? AND source = 'customer'`, [meterId]);

    const bucket = openStorage(s3.storageUrl('photos'), { env: s3.env });
    expect(await bucket.stat('aguas', row.photo_path)).toEqual({ size: PNG.length });
    await bucket.close();
    expect(existsSync(join(portal.config.dataDir, 'files'))).toBe(false);

    const photo = await client.get(`/meter-readings/readings/${row.id}/photo`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.headers['content-length']).toBe(String(PNG.length));
    expect(photo.rawPayload.equals(PNG)).toBe(true);
  });
});
