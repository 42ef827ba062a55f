import { tenantOfKey, type FileStorage, type ListedFile } from './file-storage.ts';

export interface MigrationTally {
  copied: number;
  skipped: number;
  failed: number;
  /** Bytes of the files handled so far, copied or skipped: what a progress bar measures. */
  bytesDone: number;
  total: { files: number; bytes: number };
  failures: { key: string; error: string }[];
}

export interface MigrateOptions {
  /** Called after each file. */
  onProgress?(tally: MigrationTally): void;
  /** Stops after the file being copied; what is done stays done, a new run resumes. */
  signal?: AbortSignal;
}

/**
 * Copies every file of `source` to `target` under the same key, streaming each one. A key the
 * target already holds with the same size is skipped, which makes a second run cheap and lets an
 * interrupted run resume: both stores write a file whole or not at all (rename; single PUT or a
 * completed multipart upload), so a same-sized file there is a finished copy.
 */
export async function migrateFiles(source: FileStorage, target: FileStorage, opts: MigrateOptions = {}): Promise<MigrationTally> {
  // Listed before copying: the bar knows the total, and files added meanwhile are left for the next run.
  const files: ListedFile[] = [];
  for await (const file of source.list()) files.push(file);
  const tally: MigrationTally = {
    copied: 0,
    skipped: 0,
    failed: 0,
    bytesDone: 0,
    total: { files: files.length, bytes: files.reduce((sum, f) => sum + f.size, 0) },
    failures: [],
  };
  for (const file of files) {
    if (opts.signal?.aborted) break;
    const tenantId = tenantOfKey(file.key);
    try {
      const there = await target.stat(tenantId, file.key);
      if (there?.size === file.size) {
        tally.skipped += 1;
      } else {
        const content = await source.get(tenantId, file.key);
        if (!content) throw new Error('removed from the source while migrating');
        try {
          await target.putAt(file.key, content.stream, content.size);
        } finally {
          content.stream.destroy();
        }
        tally.copied += 1;
      }
    } catch (err) {
      tally.failed += 1;
      tally.failures.push({ key: file.key, error: err instanceof Error ? err.message : String(err) });
    }
    tally.bytesDone += file.size;
    opts.onProgress?.(tally);
  }
  return tally;
}
