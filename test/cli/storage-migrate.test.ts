import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileStorage } from '../../core/storage/file-storage.ts';
import { migrateFiles } from '../../core/storage/migrate-files.ts';
import { openStorage } from '../../core/storage/open-storage.ts';
import { startS3Server, type S3TestServer } from '../support/s3-server.ts';
import { readAll } from '../support/storage-suite.ts';
import { STACK_FRAME } from './run-cli.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

let s3: S3TestServer;
let dataDir: string;
let local: FileStorage;
/** What the local store holds before any migration: key → bytes. */
const originals = new Map<string, Buffer>();
const opened: FileStorage[] = [];

const sha = (b: Buffer | null) => (b ? createHash('sha256').update(b).digest('hex') : null);
const s3Store = (bucket: string) => {
  const store = openStorage(s3.storageUrl(bucket), { env: s3.env });
  opened.push(store);
  return store;
};

/** Every original is in `store`, byte for byte. */
async function expectAllIn(store: FileStorage) {
  for (const [key, data] of originals) expect(sha(await readAll(await store.get(key.split('/')[0], key))), key).toBe(sha(data));
}

beforeAll(async () => {
  s3 = await startS3Server();
  dataDir = mkdtempSync(join(tmpdir(), 'portal-storage-migrate-'));
  local = openStorage(pathToFileURL(join(dataDir, 'files')).href, { dataDir });
  opened.push(local);
  for (const [tenant, area, data] of [
    ['alpha', 'tickets', Buffer.from('%PDF-1.4 alpha')],
    ['alpha', 'payments', randomBytes(7 * 1024 * 1024)],
    ['beta', 'meter-readings', randomBytes(1000)],
  ] as const) {
    const saved = await local.put(tenant, area, data);
    originals.set(saved.key, data);
  }
  // Left in <dataDir>/uploads by a version from before storage.url: migrated like the rest.
  const legacy = 'beta/service-requests/LLLLLLLLLLLLLLLLLLLLLL';
  mkdirSync(join(dataDir, 'uploads', 'beta', 'service-requests'), { recursive: true });
  writeFileSync(join(dataDir, 'uploads', legacy), 'from before');
  originals.set(legacy, Buffer.from('from before'));
});

afterAll(async () => {
  for (const store of opened) await store.close();
  await s3?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const fromLocal = () => ({ PORTAL_DATA_DIR: dataDir, PORTAL_STORAGE_URL: '', ...s3.env });

describe('portal storage migrate', () => {
  it('copies every file from the local folder to S3, then copies nothing on a second run', { timeout: 60_000 }, async () => {
    const to = s3.storageUrl('to-s3');
    const first = await runCliInProcess(['storage', 'migrate', '--to', to], fromLocal());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('4 copied, 0 skipped (already there), 0 failed, of 4 files');
    expect(first.stdout).toContain(`set storage.url (PORTAL_STORAGE_URL) to ${to}`);
    await expectAllIn(s3Store('to-s3'));

    const again = await runCliInProcess(['storage', 'migrate', '--to', to], fromLocal());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 copied, 4 skipped (already there), 0 failed, of 4 files');
  });

  it('resumes an interrupted run: finished files are skipped, a half-written one is copied again', { timeout: 60_000 }, async () => {
    const target = s3Store('resumed');
    const stop = new AbortController();
    const partial = await migrateFiles(local, target, { signal: stop.signal, onProgress: (t) => t.copied === 2 && stop.abort() });
    expect(partial).toMatchObject({ copied: 2, skipped: 0, failed: 0 });
    // What a crash in the middle of a copy could leave behind: the right key, the wrong bytes.
    const [, , third] = [...originals.keys()].sort();
    await target.putAt(third, Readable.from([Buffer.from('cut')]), 3);

    const resumed = await runCliInProcess(['storage', 'migrate', '--to', s3.storageUrl('resumed')], fromLocal());
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('2 copied, 2 skipped (already there), 0 failed, of 4 files');
    await expectAllIn(target);
  });

  it('copies from S3 back to a local folder, byte for byte', { timeout: 60_000 }, async () => {
    const folder = join(dataDir, 'back');
    const to = pathToFileURL(folder).href;
    const env = { ...fromLocal(), PORTAL_STORAGE_URL: s3.storageUrl('to-s3') };
    const res = await runCliInProcess(['storage', 'migrate', '--to', to], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('4 copied, 0 skipped (already there), 0 failed, of 4 files');
    await expectAllIn(openStorage(to));
    expect((await runCliInProcess(['storage', 'migrate', '--to', to], env)).stdout).toContain('0 copied, 4 skipped');
  });

  it('names every file it could not copy and exits 1', { timeout: 60_000 }, async () => {
    // A bucket that was never created: every write is refused by the server.
    const to = `s3://no-such-bucket?endpoint=${encodeURIComponent(s3.endpoint)}&region=us-east-1&forcePathStyle=true`;
    const res = await runCliInProcess(['storage', 'migrate', '--to', to], fromLocal());
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('0 copied, 0 skipped (already there), 4 failed, of 4 files');
    for (const key of originals.keys()) expect(res.stderr).toContain(`failed: ${key}: `);
    expect(res.stderr).not.toMatch(STACK_FRAME);
  });

  it('refuses a target it cannot use, naming the option and the problem', async () => {
    const res = await runCliInProcess(['storage', 'migrate', '--to', 's3://x'], fromLocal());
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--to: bucket name "x" is not valid');
    expect(res.stderr).not.toMatch(STACK_FRAME);
    const missing = await runCliInProcess(['storage', 'migrate'], fromLocal());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--to is required');
  });
});
