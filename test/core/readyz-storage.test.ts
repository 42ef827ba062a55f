import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type S3TestServer } from '../support/s3-server.ts';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';

let s3: S3TestServer;
let portal: TestPortal;

beforeAll(async () => {
  s3 = await startS3Server();
  portal = await startTestPortal({}, { storage: { url: s3.storageUrl('portal-files'), env: s3.env } });
});
afterAll(async () => {
  await portal?.dispose();
  await s3?.stop();
});

const readyz = () => portal.app.inject({ method: 'GET', url: '/readyz', headers: { host: 'portal.alpha.test' } });

describe('/readyz with an S3 store', () => {
  it('answers 200 while the bucket answers, and 503 naming storage once the S3 server is gone', async () => {
    const up = await readyz();
    expect(up.statusCode).toBe(200);
    expect(up.json().checks.storage).toEqual({ ok: true });

    await s3.stop();
    const down = await readyz();
    expect(down.statusCode).toBe(503);
    const body = down.json();
    expect(body.status).toBe('fail');
    expect(body.checks.storage.ok).toBe(false);
    // The first probe may meet a kept-alive socket the stop cut ("socket hang up"), later ones a refusal.
    expect(body.checks.storage.error).toMatch(new RegExp(`^s3://portal-files/ at ${s3.endpoint}: (socket hang up|.*ECONNREFUSED)`));
    const again = (await readyz()).json();
    expect(again.checks.storage.error).toMatch(/ECONNREFUSED/);
    expect(body.checks.database).toEqual({ ok: true });
  });

  it('says which bucket is missing when the server answers but the bucket is not there', async () => {
    const other = await startS3Server();
    const url = `s3://never-created?endpoint=${encodeURIComponent(other.endpoint)}&region=us-east-1&forcePathStyle=true`;
    const p = await startTestPortal({}, { storage: { url, env: other.env } });
    try {
      const res = await p.app.inject({ method: 'GET', url: '/readyz', headers: { host: 'portal.alpha.test' } });
      expect(res.statusCode).toBe(503);
      expect(res.json().checks.storage.error).toBe(`s3://never-created/ at ${other.endpoint}: no such bucket (HTTP 404)`);
    } finally {
      await p.dispose();
      await other.stop();
    }
  });
});
