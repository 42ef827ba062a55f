import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startS3Server } from '../../test/support/s3-server.ts';
import { readAll, storageSuite } from '../../test/support/storage-suite.ts';
import { LocalFileStorage } from './local-storage.ts';
import { openStorage } from './open-storage.ts';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';

storageSuite('local folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storage-local-'));
  const root = join(dir, 'files');
  const storage = openStorage(pathToFileURL(root).href);
  return {
    storage,
    async breakIt() {
      rmSync(root, { recursive: true, force: true });
      // A file where the folder should be: no write can succeed there, even as root.
      writeFileSync(root, 'not a folder');
    },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

storageSuite('S3 (s3rver)', async () => {
  const server = await startS3Server();
  const storage = openStorage(server.storageUrl('portal-files'), { env: server.env });
  return {
    storage,
    breakIt: () => server.stop(),
    async dispose() {
      await storage.close();
      await server.stop();
    },
  };
});

describe('local folder: files from before storage.url', () => {
  it('reads, lists and removes files left in <dataDir>/uploads under their old keys', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'storage-legacy-'));
    const old = 'alpha/tickets/DDDDDDDDDDDDDDDDDDDDDD';
    mkdirSync(join(dataDir, 'uploads', 'alpha', 'tickets'), { recursive: true });
    writeFileSync(join(dataDir, 'uploads', old), 'old bytes');
    const storage = openStorage(pathToFileURL(join(dataDir, 'files')).href, { dataDir });
    expect((await readAll(await storage.get('alpha', old)))?.toString()).toBe('old bytes');
    expect(await storage.get('beta', old)).toBeNull();
    const listed = [];
    for await (const f of storage.list()) listed.push(f);
    expect(listed).toEqual([{ key: old, size: 9 }]);
    await storage.remove('alpha', old);
    expect(await storage.get('alpha', old)).toBeNull();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('without a legacy folder only its own root counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storage-plain-'));
    const storage = new LocalFileStorage(join(dir, 'files'));
    expect(await storage.get('alpha', 'alpha/tickets/DDDDDDDDDDDDDDDDDDDDDD')).toBeNull();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('hashing while streaming', () => {
  it('counts bytes, not characters, when a stream yields strings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storage-strings-'));
    const storage = new LocalFileStorage(join(dir, 'files'));
    const saved = await storage.put('alpha', 'tickets', Readable.from(['año ', 'ñandú']));
    expect(saved.size).toBe(Buffer.byteLength('año ñandú'));
    expect((await readAll(await storage.get('alpha', saved.key)))?.toString()).toBe('año ñandú');
    rmSync(dir, { recursive: true, force: true });
  });
});
