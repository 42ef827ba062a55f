import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredFile {
  /** Opaque key to keep in the plugin's table; never a path the customer chose. */
  key: string;
  size: number;
  sha256: string;
}

const KEY = /^[a-z0-9-]+\/[a-z0-9-]+\/[A-Za-z0-9_-]{22}$/;

/**
 * Customer uploads live under `<dataDir>/uploads/<tenant>/<area>/` with generated names,
 * outside every served folder; they reach a browser only through a route that checks ownership
 * and answers with `Content-Disposition: attachment`.
 */
export class UploadStore {
  readonly #root: string;

  constructor(dataDir: string) {
    this.#root = join(dataDir, 'uploads');
  }

  async save(tenantId: string, area: string, data: Buffer): Promise<StoredFile> {
    const key = `${tenantId}/${area}/${randomBytes(16).toString('base64url')}`;
    if (!KEY.test(key)) throw new Error(`invalid upload area "${area}"`);
    const file = join(this.#root, key);
    await mkdir(join(this.#root, tenantId, area), { recursive: true });
    await writeFile(file, data, { mode: 0o600, flag: 'wx' });
    return { key, size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
  }

  /** The key must belong to the tenant asking: a key from another tenant reads nothing. */
  async read(tenantId: string, key: string): Promise<Buffer | null> {
    if (!KEY.test(key) || !key.startsWith(`${tenantId}/`)) return null;
    try {
      return await readFile(join(this.#root, key));
    } catch {
      return null;
    }
  }

  async remove(tenantId: string, key: string): Promise<void> {
    if (!KEY.test(key) || !key.startsWith(`${tenantId}/`)) return;
    await rm(join(this.#root, key), { force: true });
  }

  /** Readiness: a file can be written and removed where uploads go; throws the reason otherwise. */
  async probe(): Promise<void> {
    // The random name keeps two probes at once (two load balancers asking) from colliding.
    const file = join(this.#root, `.readyz-${randomBytes(6).toString('hex')}`);
    await mkdir(this.#root, { recursive: true });
    await writeFile(file, 'ok', { flag: 'wx' });
    await rm(file, { force: true });
  }
}
