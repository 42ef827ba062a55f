import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileStorage } from 'portal/sdk';
import { openStorage, startS3Server, type S3TestServer, type TestPortal } from 'portal/testing';
import { HOSTS, serviceFor, signedInCustomer, startInvoicesPortal, type SignedIn } from '../testing/invoices-portal.ts';
import { sampleInvoice } from '../testing/sample-invoice.ts';

let s3: S3TestServer;
let portal: TestPortal;
let bucket: FileStorage;
let ana: SignedIn;

beforeAll(async () => {
  s3 = await startS3Server();
  portal = await startInvoicesPortal({ url: s3.storageUrl('invoices'), env: s3.env });
  bucket = openStorage(s3.storageUrl('invoices'), { env: s3.env });
  ana = await signedInCustomer(portal, 'invon', HOSTS.on, 'RS-0101');
});
afterAll(async () => {
  await bucket?.close();
  await portal?.dispose();
  await s3?.stop();
});

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);
/** An invoice_files row; the ones these tests read were written by the API, which keeps a key. */
const fileRow = async (id: number) => (await portal.db.orm.em.getConnection().execute<{ content: Buffer | null; file_key: string }[]>(`SELECT content, file_key FROM invoice_files WHERE invoice_id = ?`, [id]))[0];
const keysInBucket = async () => {
  const keys: string[] = [];
  for await (const f of bucket.list()) keys.push(f.key);
  return keys;
};
const send = (content: Buffer) =>
  serviceFor(portal, 'invon').upsertInvoice(
    sampleInvoice('RS-0101', { externalId: 'orig-s3', number: '00008-00000900', originalPdf: { filename: 'F0008-900.pdf', content: content.toString('base64') } }),
  );

describe('original invoice PDFs in the file store', () => {
  it('go to the bucket instead of the database and reach the customer unchanged; a replaced one is deleted', async () => {
    const first = pdf('first original');
    const { id } = await send(first);
    const row = await fileRow(id);
    expect(row.content).toBeNull();
    expect(row.file_key).toMatch(/^invon\/invoices\/[A-Za-z0-9_-]{22}$/);
    expect(await bucket.stat('invon', row.file_key)).toEqual({ size: first.length });
    const res = await ana.client.get(`/invoices/${id}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(first)).toBe(true);

    // The same content again changes nothing and stores nothing.
    expect(await send(first)).toMatchObject({ id, changed: false });
    expect(await keysInBucket()).toEqual([row.file_key]);

    const second = pdf('corrected original');
    await send(second);
    const replaced = await fileRow(id);
    expect(replaced.file_key).not.toBe(row.file_key);
    expect(await keysInBucket()).toEqual([replaced.file_key]);
    expect((await ana.client.get(`/invoices/${id}/pdf`)).rawPayload.equals(second)).toBe(true);
  });

  it('are still served from the row for invoices stored before the file store', async () => {
    const old = pdf('kept in the database');
    const { id } = await send(pdf('to be turned into an old row'));
    const { file_key: key } = await fileRow(id);
    await portal.db.orm.em.getConnection().execute(`UPDATE invoice_files SET content = ?, file_key = NULL WHERE invoice_id = ?`, [old, id]);
    await bucket.remove('invon', key);
    const res = await ana.client.get(`/invoices/${id}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(old)).toBe(true);
  });
});
