import { startS3Server } from '../support/s3-server.ts';

/**
 * The storage backends the cluster scenario runs on, once each. Every node gets the same
 * `PORTAL_STORAGE_URL`, built here from the run's own folder (and, for S3, its own peer).
 */
export interface StorageKind {
  kind: string;
  /** Starts whatever the storage needs for one run; `stop` removes it again. */
  prepare(runDir: string): Promise<PreparedStorage>;
}

export interface PreparedStorage {
  storageUrl: string;
  /** More environment for the nodes (an S3 peer's keys, say). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** One test file per kind (file-storage.test.ts, s3-storage.test.ts), so the two run side by side. */
export const STORAGE_KINDS = {
  file: {
    kind: 'file',
    // All nodes share one folder, as nodes of one machine (or a shared volume) do.
    prepare: async (runDir) => ({ storageUrl: new URL(`file://${runDir}/storage/`).toString(), env: {}, stop: async () => {} }),
  },
  s3: {
    kind: 's3',
    // One S3 peer for the run, as one object store serves every node of a real cluster.
    async prepare() {
      const s3 = await startS3Server();
      return { storageUrl: s3.storageUrl('cluster'), env: s3.env, stop: () => s3.stop() };
    },
  },
} satisfies Record<string, StorageKind>;
