import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, startS3Server, type S3TestServer, type TestPortal, createStaff, loginStaff } from 'portal/testing';
import { customer, HOSTS, openThroughForm, PDF, PNG, signedIn, sql, startTicketsPortal } from './harness.ts';

let s3: S3TestServer;
let portal: TestPortal;

beforeAll(async () => {
  s3 = await startS3Server();
  portal = await startTicketsPortal({ url: s3.storageUrl('tickets'), env: s3.env });
});
afterAll(async () => {
  await portal?.dispose();
  await s3?.stop();
});

describe('ticket attachments on an S3 store', () => {
  it('are written to the bucket, not the node, and downloaded byte for byte with their length', async () => {
    const ana = await signedIn(portal, 'soporte', await customer(portal, 'soporte', 'ana'));
    const number = await openThroughForm(portal, ana, { subject: 'Foto', message: 'Adjunto.' }, [
      { filename: 'modem.png', data: PNG },
      { filename: 'factura.pdf', data: PDF },
    ]);
    const rows = await sql<{ id: number; file_key: string; size: number }>(portal, `SELECT id, file_key, size FROM tickets_attachments ORDER BY id`);
    expect(rows).toHaveLength(2);

    const bucket = openStorage(s3.storageUrl('tickets'), { env: s3.env });
    expect(await bucket.stat('soporte', rows[0].file_key)).toEqual({ size: PNG.length });
    expect(await bucket.stat('soporte', rows[1].file_key)).toEqual({ size: PDF.length });
    await bucket.close();
    expect(existsSync(join(portal.config.dataDir, 'files'))).toBe(false);

    const png = await ana.get(`/tickets/${number}/attachments/${rows[0].id}`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-length']).toBe(String(PNG.length));
    expect(png.rawPayload.equals(PNG)).toBe(true);

    const operator = await loginStaff(portal, HOSTS.soporte, await createStaff(portal, 'soporte', { role: 'support' }));
    const pdf = await operator.get(`/staff/tickets/${number}/attachments/${rows[1].id}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.equals(PDF)).toBe(true);
  });

  it('answers "try again in a few seconds" (503, Retry-After) while the object store is out of reach, not a 500', async () => {
    const ana = await signedIn(portal, 'soporte', await customer(portal, 'soporte', 'bea'));
    const number = await openThroughForm(portal, ana, { subject: 'Otra foto', message: 'Adjunto.' }, [{ filename: 'router.png', data: PNG }]);
    const [row] = await sql<{ id: number }>(portal, `SELECT a.id FROM tickets_attachments a JOIN tickets t ON t.id = a.ticket_id WHERE t.tenant_id = ? AND t.number = ?`, ['soporte', number]);
    expect((await ana.get(`/tickets/${number}/attachments/${row.id}`)).statusCode).toBe(200);

    await s3.stop();
    const res = await ana.get(`/tickets/${number}/attachments/${row.id}`);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toContain('Probá de nuevo en unos segundos');
  });
});
