import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { hashWhileStreaming } from './hash-while-streaming.ts';
import { isFileKey, newFileKey, ownsKey, type FileContent, type FileStorage, type ListedFile, type StoredFile } from './file-storage.ts';

export interface LocalStorageOptions {
  /**
   * Before storage.url existed, uploads went to `<dataDir>/uploads` with the same keys. Reads and
   * deletes fall back to that folder instead of moving its files at start-up: a start must not
   * rewrite a data folder several nodes may share, and `portal storage migrate` copies them
   * (listed here too) to wherever the operator wants them, with a summary of what it did.
   */
  legacyRoot?: string;
}

/**
 * Files in a folder of this machine (`file://` URL): `<root>/<tenant>/<area>/<random>`, outside
 * every served folder. Several nodes can use it only through a shared filesystem; S3 is the
 * store for a cluster.
 */
export class LocalFileStorage implements FileStorage {
  readonly description: string;
  readonly #root: string;
  readonly #legacyRoot: string | undefined;

  constructor(root: string, opts: LocalStorageOptions = {}) {
    this.#root = root;
    this.#legacyRoot = opts.legacyRoot;
    this.description = `folder ${root}`;
  }

  async put(tenantId: string, area: string, data: Buffer | Readable): Promise<StoredFile> {
    const key = newFileKey(tenantId, area);
    return { key, ...(await this.#write(key, data)) };
  }

  async putAt(key: string, data: Readable, size: number): Promise<void> {
    if (!isFileKey(key)) throw new Error(`not a storage key: "${key}"`);
    const written = await this.#write(key, data);
    if (written.size !== size) {
      await rm(join(this.#root, key), { force: true });
      throw new Error(`${key}: expected ${size} bytes, got ${written.size}`);
    }
  }

  async get(tenantId: string, key: string): Promise<FileContent | null> {
    if (!ownsKey(tenantId, key)) return null;
    for (const root of this.#roots()) {
      // One open file for both the size and the bytes: a delete in between cannot tell a wrong size.
      const handle = await open(join(root, key), 'r').catch(missing);
      if (!handle) continue;
      try {
        const { size } = await handle.stat();
        return { stream: handle.createReadStream(), size };
      } catch (err) {
        await handle.close();
        throw err;
      }
    }
    return null;
  }

  async stat(tenantId: string, key: string): Promise<{ size: number } | null> {
    if (!ownsKey(tenantId, key)) return null;
    for (const root of this.#roots()) {
      const found = await stat(join(root, key)).catch(missing);
      if (found?.isFile()) return { size: found.size };
    }
    return null;
  }

  async remove(tenantId: string, key: string): Promise<void> {
    if (!ownsKey(tenantId, key)) return;
    for (const root of this.#roots()) await rm(join(root, key), { force: true });
  }

  async probe(): Promise<void> {
    // The random name keeps two probes at once (two load balancers asking) from colliding.
    const file = join(this.#root, `.readyz-${randomBytes(6).toString('hex')}`);
    await mkdir(this.#root, { recursive: true });
    await writeFile(file, 'ok', { flag: 'wx' });
    await rm(file, { force: true });
  }

  async *list(): AsyncIterable<ListedFile> {
    for await (const file of filesUnder(this.#root)) yield file;
    if (!this.#legacyRoot) return;
    for await (const file of filesUnder(this.#legacyRoot)) {
      if (!(await stat(join(this.#root, file.key)).catch(missing))) yield file;
    }
  }

  async close(): Promise<void> {}

  #roots(): string[] {
    return this.#legacyRoot ? [this.#root, this.#legacyRoot] : [this.#root];
  }

  /** Written beside its final name, then renamed: nobody ever reads (or migrates) half a file. */
  async #write(key: string, data: Buffer | Readable): Promise<{ size: number; sha256: string }> {
    const file = join(this.#root, key);
    await mkdir(dirname(file), { recursive: true });
    const partial = join(dirname(file), `.${randomBytes(6).toString('hex')}.partial`);
    try {
      let result: { size: number; sha256: string };
      if (Buffer.isBuffer(data)) {
        await writeFile(partial, data, { mode: 0o600, flag: 'wx' });
        result = { size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
      } else {
        const hasher = hashWhileStreaming();
        await pipeline(data, hasher, createWriteStream(partial, { mode: 0o600, flags: 'wx' }));
        result = hasher.result();
      }
      await rename(partial, file);
      return result;
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  }
}

async function* filesUnder(root: string): AsyncIterable<ListedFile> {
  for (const tenant of await names(root)) {
    for (const area of await names(join(root, tenant))) {
      for (const name of await names(join(root, tenant, area))) {
        const key = `${tenant}/${area}/${name}`;
        if (!isFileKey(key)) continue;
        const found = await stat(join(root, key)).catch(missing);
        if (found?.isFile()) yield { key, size: found.size };
      }
    }
  }
}

async function names(dir: string): Promise<string[]> {
  return ((await readdir(dir).catch(missing)) ?? []).sort();
}

function missing(err: NodeJS.ErrnoException): null {
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
  throw err;
}

