import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, startS3Server, type S3TestServer, type TestPortal } from 'portal/testing';
import { customer, fileOwnershipChange, operator, PDF, PNG, signedIn, sql, startRequestsPortal } from './harness.ts';

let s3: S3TestServer;
let portal: TestPortal;

beforeAll(async () => {
  s3 = await startS3Server();
  portal = await startRequestsPortal({ url: s3.storageUrl('documents'), env: s3.env });
});
afterAll(async () => {
  await portal?.dispose();
  await s3?.stop();
});

describe('service request documents on an S3 store', () => {
  it('are kept in the bucket and downloaded byte for byte by the customer and the back office', async () => {
    const ana = await customer(portal, 'norte', 'ana');
    const client = await signedIn(portal, ana);
    const id = await fileOwnershipChange(portal, client, ana);
    const docs = await sql<{ id: number; file_key: string; size: number }>(portal, 'SELECT id, file_key, size FROM service_request_documents WHERE request_id = ? ORDER BY id', [id]);
    expect(docs.map((d) => d.size)).toEqual([PNG.length, PDF.length]);

    const bucket = openStorage(s3.storageUrl('documents'), { env: s3.env });
    for (const d of docs) expect(await bucket.stat('norte', d.file_key)).toEqual({ size: d.size });
    await bucket.close();
    expect(existsSync(join(portal.config.dataDir, 'files'))).toBe(false);

    const own = await client.get(`/service-requests/${id}/documents/${docs[1].id}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-length']).toBe(String(PDF.length));
    expect(own.rawPayload.equals(PDF)).toBe(true);
    const staff = await operator(portal, 'norte', 'billing');
    const file = await staff.get(`/staff/service-requests/${id}/documents/${docs[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PNG)).toBe(true);
  });
});
