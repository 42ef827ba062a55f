import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileContent, FileStorage } from '../../core/storage/file-storage.ts';

export interface StorageUnderTest {
  storage: FileStorage;
  /** Makes the store unusable (server stopped, folder replaced by a file): probe must fail. */
  breakIt(): Promise<void>;
  dispose(): Promise<void>;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Reads a stored file back in full (a test's files are small enough, or hashed as they come). */
export async function readAll(file: FileContent | null): Promise<Buffer | null> {
  if (!file) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** ~20 MiB of varied bytes, produced in 64 KiB chunks so the store has to take a real stream. */
function bigStream(bytes: number, seed: number): { stream: Readable; sha256: string } {
  const hash = createHash('sha256');
  const chunk = (i: number) => createHash('sha512').update(`${seed}:${i}`).digest().subarray(0, 64).toString('hex').repeat(1024).slice(0, 65536);
  const parts: Buffer[] = [];
  for (let i = 0; i * 65536 < bytes; i += 1) parts.push(Buffer.from(chunk(i)).subarray(0, Math.min(65536, bytes - i * 65536)));
  for (const p of parts) hash.update(p);
  return { stream: Readable.from(parts), sha256: hash.digest('hex') };
}

/** Every backend behind FileStorage passes the same tests. */
export function storageSuite(name: string, open: () => Promise<StorageUnderTest>): void {
  describe(`file storage: ${name}`, () => {
    let under: StorageUnderTest;
    let storage: FileStorage;
    beforeAll(async () => {
      under = await open();
      storage = under.storage;
    });
    afterAll(async () => under?.dispose());

    it('stores a buffer under a generated key of the tenant and gives back the same bytes, size and hash', async () => {
      const saved = await storage.put('alpha', 'tickets', PDF);
      expect(saved.key).toMatch(/^alpha\/tickets\/[A-Za-z0-9_-]{22}$/);
      expect(saved).toMatchObject({ size: PDF.length, sha256: sha256(PDF) });
      const file = await storage.get('alpha', saved.key);
      expect(file?.size).toBe(PDF.length);
      expect(await readAll(file)).toEqual(PDF);
      expect(await storage.stat('alpha', saved.key)).toEqual({ size: PDF.length });
      const again = await storage.put('alpha', 'tickets', PDF);
      expect(again.key).not.toBe(saved.key);
    });

    it('streams a 20 MiB file in and out byte for byte, hashing it on the way in', async () => {
      const big = bigStream(20 * 1024 * 1024 + 123, 1);
      const saved = await storage.put('alpha', 'documents', big.stream);
      expect(saved.size).toBe(20 * 1024 * 1024 + 123);
      expect(saved.sha256).toBe(big.sha256);
      const file = await storage.get('alpha', saved.key);
      expect(file?.size).toBe(saved.size);
      const hash = createHash('sha256');
      let read = 0;
      for await (const chunk of file!.stream) {
        hash.update(chunk as Buffer);
        read += (chunk as Buffer).length;
      }
      expect(read).toBe(saved.size);
      expect(hash.digest('hex')).toBe(big.sha256);
    });

    it("never reads, sizes or deletes another tenant's key, nor a key that climbs out of its folder", async () => {
      const saved = await storage.put('alpha', 'payments', PDF);
      expect(await storage.get('beta', saved.key)).toBeNull();
      expect(await storage.stat('beta', saved.key)).toBeNull();
      await storage.remove('beta', saved.key);
      expect(await readAll(await storage.get('alpha', saved.key))).toEqual(PDF);
      expect(await storage.get('alpha', 'alpha/tickets/../../../etc/passwd')).toBeNull();
      expect(await storage.get('alpha', `alpha/../beta/${saved.key.split('/')[2]}`)).toBeNull();
      await expect(storage.put('alpha', '../beta', PDF)).rejects.toThrow(/area/);
    });

    it('answers null for a key never stored or removed, and removing twice is harmless', async () => {
      expect(await storage.get('alpha', 'alpha/tickets/AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
      expect(await storage.stat('alpha', 'alpha/tickets/AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
      const saved = await storage.put('alpha', 'tickets', PDF);
      await storage.remove('alpha', saved.key);
      expect(await storage.get('alpha', saved.key)).toBeNull();
      await storage.remove('alpha', saved.key);
    });

    it('lists every file of every tenant with its size, for migration', async () => {
      const a = await storage.put('gamma', 'tickets', Buffer.from('one'));
      const b = await storage.put('delta', 'meter-readings', Buffer.from('three'));
      const listed = new Map<string, number>();
      for await (const f of storage.list()) listed.set(f.key, f.size);
      expect(listed.get(a.key)).toBe(3);
      expect(listed.get(b.key)).toBe(5);
      expect([...listed.keys()].every((k) => /^[a-z0-9-]+\/[a-z0-9-]+\/[A-Za-z0-9_-]{22}$/.test(k))).toBe(true);
    });

    it('writes at a given key for migration, refusing a stream shorter than announced', async () => {
      const key = 'epsilon/tickets/BBBBBBBBBBBBBBBBBBBBBB';
      await storage.putAt(key, Readable.from([PDF]), PDF.length);
      expect(await readAll(await storage.get('epsilon', key))).toEqual(PDF);
      const short = 'epsilon/tickets/CCCCCCCCCCCCCCCCCCCCCC';
      await expect(storage.putAt(short, Readable.from([PDF]), PDF.length + 1)).rejects.toThrow(/expected/);
      expect(await storage.stat('epsilon', short)).toBeNull();
    });

    it('passes its probe while usable and fails it once broken', async () => {
      await expect(storage.probe()).resolves.toBeUndefined();
      await under.breakIt();
      await expect(storage.probe()).rejects.toThrow();
    });
  });
}
