import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { lazyModule } from '../lazy-module.ts';
import { hashWhileStreaming } from './hash-while-streaming.ts';
import { isFileKey, newFileKey, ownsKey, type FileContent, type FileStorage, type ListedFile, type StoredFile } from './file-storage.ts';

export interface S3Location {
  bucket: string;
  /** Empty, or ending in `/`: several portals (or other data) can share a bucket. */
  prefix: string;
  endpoint?: string;
  region?: string;
  forcePathStyle: boolean;
}

export interface S3StorageOptions {
  /** Where AWS_* variables are read from (tests hand in their own); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** 5 MiB is S3's smallest part; two in flight keep memory near 10 MiB whatever the file's size. */
const PART_BYTES = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

/** The AWS SDK takes longer to load than the rest of the portal's start: only an s3:// install loads it. */
const awsSdk = lazyModule(async () => ({ ...(await import('@aws-sdk/client-s3')), Upload: (await import('@aws-sdk/lib-storage')).Upload }));

/**
 * Files in an S3-compatible bucket (AWS, MinIO, Ceph, R2), under `<prefix><tenant>/<area>/<random>`.
 * Credentials come from the AWS SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
 * AWS_PROFILE, web identity, instance roles); never from the URL or the configuration file.
 */
export class S3FileStorage implements FileStorage {
  readonly description: string;
  /** Readiness answers in a second: the probe client makes one attempt, no retry backoff, or a dead server looks "slow". */
  readonly #clients: Promise<{ client: S3Client; probeClient: S3Client; sdk: Awaited<ReturnType<typeof awsSdk>> }>;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(location: S3Location, opts: S3StorageOptions = {}) {
    const env = opts.env ?? process.env;
    const config: S3ClientConfig = {
      region: location.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
      endpoint: location.endpoint,
      forcePathStyle: location.forcePathStyle,
      // Explicit only when handed in through opts.env; otherwise the SDK's own chain decides.
      credentials: opts.env && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN }
        : undefined,
      // The SDK's default CRC32 trailers (aws-chunked uploads) are refused by many S3-compatible
      // servers; SigV4 already protects each request, and put computes its own SHA-256.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    this.#clients = awsSdk().then((sdk) => ({ sdk, client: new sdk.S3Client(config), probeClient: new sdk.S3Client({ ...config, maxAttempts: 1 }) }));
    // Each use awaits the clients and meets a failure there; this one only keeps it from being unhandled.
    this.#clients.catch(() => {});
    this.#bucket = location.bucket;
    this.#prefix = location.prefix;
    this.description = `s3://${location.bucket}/${location.prefix}${location.endpoint ? ` at ${location.endpoint}` : ''}`;
  }

  async put(tenantId: string, area: string, data: Buffer | Readable): Promise<StoredFile> {
    const key = newFileKey(tenantId, area);
    if (Buffer.isBuffer(data)) {
      const { client, sdk } = await this.#clients;
      await client.send(new sdk.PutObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key, Body: data, ContentLength: data.length }));
      return { key, size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
    }
    return { key, ...(await this.#upload(key, data)) };
  }

  async putAt(key: string, data: Readable, size: number): Promise<void> {
    if (!isFileKey(key)) throw new Error(`not a storage key: "${key}"`);
    const written = await this.#upload(key, data);
    if (written.size !== size) {
      const { client, sdk } = await this.#clients;
      await client.send(new sdk.DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }));
      throw new Error(`${key}: expected ${size} bytes, got ${written.size}`);
    }
  }

  async get(tenantId: string, key: string): Promise<FileContent | null> {
    if (!ownsKey(tenantId, key)) return null;
    const { client, sdk } = await this.#clients;
    try {
      const found = await client.send(new sdk.GetObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }));
      return { stream: found.Body as Readable, size: found.ContentLength ?? 0 };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async stat(tenantId: string, key: string): Promise<{ size: number } | null> {
    if (!ownsKey(tenantId, key)) return null;
    const { client, sdk } = await this.#clients;
    try {
      const found = await client.send(new sdk.HeadObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }));
      return { size: found.ContentLength ?? 0 };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async remove(tenantId: string, key: string): Promise<void> {
    if (!ownsKey(tenantId, key)) return;
    const { client, sdk } = await this.#clients;
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }));
  }

  /**
   * HeadBucket rather than a test write: it proves the server answers, the bucket exists and the
   * credentials are accepted, without leaving a version and a delete marker behind every few
   * seconds on a bucket that keeps versions for backups.
   */
  async probe(): Promise<void> {
    try {
      const { probeClient, sdk } = await this.#clients;
      await probeClient.send(new sdk.HeadBucketCommand({ Bucket: this.#bucket }), { abortSignal: AbortSignal.timeout(2000) });
    } catch (err) {
      throw new Error(`${this.description}: ${describeS3Error(err)}`);
    }
  }

  async *list(): AsyncIterable<ListedFile> {
    const { client, sdk } = await this.#clients;
    let token: string | undefined;
    do {
      const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: this.#bucket, Prefix: this.#prefix || undefined, ContinuationToken: token }));
      for (const item of page.Contents ?? []) {
        const key = item.Key?.slice(this.#prefix.length) ?? '';
        if (isFileKey(key)) yield { key, size: item.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async close(): Promise<void> {
    const clients = await this.#clients.catch(() => undefined);
    clients?.client.destroy();
    clients?.probeClient.destroy();
  }

  /** Multipart when large: the file goes through in parts, never whole in memory. */
  async #upload(key: string, data: Readable): Promise<{ size: number; sha256: string }> {
    const { client, sdk } = await this.#clients;
    const hasher = hashWhileStreaming();
    const flowing = pipeline(data, hasher);
    const upload = new sdk.Upload({
      client,
      params: { Bucket: this.#bucket, Key: this.#prefix + key, Body: hasher },
      partSize: PART_BYTES,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    try {
      await Promise.all([upload.done(), flowing]);
    } catch (err) {
      hasher.destroy();
      flowing.catch(() => {});
      throw err;
    }
    return hasher.result();
  }
}

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** The SDK names an HTTP failure "UnknownError" with no text; say the status instead. */
function describeS3Error(err: unknown): string {
  const e = err as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  if (status === 404) return 'no such bucket (HTTP 404)';
  if (status === 403) return 'access denied to the bucket (HTTP 403): check the AWS_* credentials';
  if (status) return `${e.name ?? 'error'} (HTTP ${status})${e.message && e.message !== 'UnknownError' ? `: ${e.message}` : ''}`;
  return e?.message || e?.code || String(err);
}
