import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, startS3Server, type S3TestServer, createStaff, loginStaff } from 'portal/testing';
import { HOSTS, signedInCustomer, sql, startPaymentsPortal, type PaymentsHarness } from '../testing/harness.ts';
import { PDF, postMultipart } from '../testing/requests.ts';

let s3: S3TestServer;
let h: PaymentsHarness;

beforeAll(async () => {
  s3 = await startS3Server();
  h = await startPaymentsPortal({ url: s3.storageUrl('receipts'), env: s3.env });
});
afterAll(async () => {
  await h?.dispose();
  await s3?.stop();
});

describe('payment report receipts on an S3 store', () => {
  it('are kept in the bucket and downloaded byte for byte by the customer and the back office', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'informa');
    await c.client.get(`/payments/report?account=${c.accountNumber}`);
    const fields = { account: c.accountNumber, amount: '15.400,50', paidOn: '2026-03-02', method: 'transfer', collector: 'Banco Nación', reference: 'OP-1' };
    const res = await postMultipart(h.portal, c.client, '/payments/report', fields, [{ name: 'receipt', filename: 'comprobante.pdf', data: PDF, type: 'application/pdf' }]);
    expect(res.statusCode).toBe(303);
    const [row] = await sql<{ id: number; receipt_key: string }>(h.portal, `SELECT id, receipt_key FROM payments_reports WHERE account_id = ?`, [c.accountId]);

    const bucket = openStorage(s3.storageUrl('receipts'), { env: s3.env });
    expect(await bucket.stat('payon', row.receipt_key)).toEqual({ size: PDF.length });
    await bucket.close();
    expect(existsSync(join(h.portal.config.dataDir, 'files'))).toBe(false);

    const file = await c.client.get(`/payments/reports/${row.id}/receipt`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-length']).toBe(String(PDF.length));
    expect(file.rawPayload.equals(PDF)).toBe(true);
    const billing = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'billing' }));
    const staffFile = await billing.get(`/staff/payments/reports/${row.id}/receipt`);
    expect(staffFile.statusCode).toBe(200);
    expect(staffFile.rawPayload.equals(PDF)).toBe(true);
  });
});
