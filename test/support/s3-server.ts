import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The part of s3rver (CommonJS, no types) these tests use. */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverClass = new (options: { address: string; port: number; silent: boolean; directory: string }) => S3rverInstance;

export interface S3TestServer {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  /** A `storage.url` for a bucket of this server, created empty if it is not there yet. */
  storageUrl(bucket: string): string;
  /** Credentials and region for a portal process (s3rver's fixed keys). */
  env: Record<string, string>;
  /** Stops answering (connections refused from now on) and removes the server's files. */
  stop(): Promise<void>;
}

/**
 * A real S3-speaking server (s3rver: AWS signatures, multipart uploads, ListObjectsV2) on a free
 * loopback port, keeping its objects in a temporary folder. Path-style addressing only.
 */
export async function startS3Server(): Promise<S3TestServer> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  let stopped = false;
  return {
    endpoint,
    storageUrl(bucket) {
      // s3rver's bucket is a folder of its directory; made here so this can stay synchronous.
      mkdirSync(join(directory, bucket), { recursive: true });
      return `s3://${bucket}?endpoint=${encodeURIComponent(endpoint)}&region=us-east-1&forcePathStyle=true`;
    },
    env: { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Kept-alive client sockets would otherwise hold close() open and keep being answered.
      server.httpServer?.closeAllConnections();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
