import { join } from 'node:path';
import type { FileStorage } from './file-storage.ts';
import { LocalFileStorage } from './local-storage.ts';
import { S3FileStorage } from './s3-storage.ts';
import { parseStorageUrl } from './storage-url.ts';

export interface OpenStorageOptions {
  /** The portal's data folder: its `uploads` folder is where files went before storage.url. */
  dataDir?: string;
  /** AWS_* variables for an s3:// store; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** The store a `storage.url` (already checked by the configuration) names. */
export function openStorage(url: string, opts: OpenStorageOptions = {}): FileStorage {
  const location = parseStorageUrl(url);
  if (location.kind === 'file') return new LocalFileStorage(location.root, { legacyRoot: opts.dataDir ? join(opts.dataDir, 'uploads') : undefined });
  return new S3FileStorage(location, { env: opts.env });
}
