import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

/** What a plugin keeps in its table after `put`. */
export interface StoredFile {
  /** Opaque `<tenant>/<area>/<random>`; generated, never a name the customer chose. */
  key: string;
  size: number;
  sha256: string;
}

/** A stored file on its way out: read it once, or destroy the stream. */
export interface FileContent {
  stream: Readable;
  size: number;
}

export interface ListedFile {
  key: string;
  size: number;
}

/**
 * Where customer files live: a local folder or an S3-compatible bucket (core/storage/open-storage.ts).
 * Every read and delete names the tenant asking, and a key of another tenant is as missing as an
 * unknown one, so a key copied into another tenant's row or form reads nothing.
 */
export interface FileStorage {
  /** Where the files are, for logs and the command line; never a secret. */
  readonly description: string;
  /** Stores under a new key; a stream is hashed and counted while it is written, never held whole. */
  put(tenantId: string, area: string, data: Buffer | Readable): Promise<StoredFile>;
  get(tenantId: string, key: string): Promise<FileContent | null>;
  /** The size without reading the content; null when missing. */
  stat(tenantId: string, key: string): Promise<{ size: number } | null>;
  remove(tenantId: string, key: string): Promise<void>;
  /** Readiness: throws the reason the store cannot be used (bounded in time by the caller). */
  probe(): Promise<void>;
  /** Every file of every tenant, for `portal storage migrate`. */
  list(): AsyncIterable<ListedFile>;
  /** Writes at a key another store gave out (migration); replaces what was there. */
  putAt(key: string, data: Readable, size: number): Promise<void>;
  close(): Promise<void>;
}

const KEY = /^[a-z0-9-]+\/[a-z0-9-]+\/[A-Za-z0-9_-]{22}$/;
const PART = /^[a-z0-9-]+$/;

export function isFileKey(key: string): boolean {
  return KEY.test(key);
}

/** The key belongs to the tenant asking and cannot climb out of its folder. */
export function ownsKey(tenantId: string, key: string): boolean {
  return KEY.test(key) && key.startsWith(`${tenantId}/`);
}

export function newFileKey(tenantId: string, area: string): string {
  if (!PART.test(tenantId)) throw new Error(`invalid tenant id for storage "${tenantId}"`);
  if (!PART.test(area)) throw new Error(`invalid storage area "${area}"`);
  return `${tenantId}/${area}/${randomBytes(16).toString('base64url')}`;
}

export function tenantOfKey(key: string): string {
  return key.slice(0, key.indexOf('/'));
}
