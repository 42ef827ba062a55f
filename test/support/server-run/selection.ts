import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../core/config/load-config.ts';

/** What the embedded run noted of one test file (test/support/backend-features.setup.ts). */
export interface FileEntry {
  /** Relative to the repository root. */
  file: string;
  /** Each thing the file's traffic did that a server could answer otherwise, with the statement that showed it. */
  features: Record<string, string>;
  /** One text of each statement shape it sent. */
  statements: string[];
  failed: boolean;
}

export interface BackendLog {
  entries: FileEntry[];
}

export function readBackendLog(path: string): BackendLog {
  const entries = new Map<string, FileEntry>();
  if (existsSync(path)) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      // A worker killed while writing leaves a partial last line; that file then counts as not seen.
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as FileEntry;
        const seen = entries.get(entry.file);
        // A file that ran twice (a retry) keeps everything either run noted.
        if (seen) {
          seen.features = { ...entry.features, ...seen.features };
          seen.statements.push(...entry.statements);
          seen.failed ||= entry.failed;
        } else entries.set(entry.file, entry);
      } catch {
        continue;
      }
    }
  }
  return { entries: [...entries.values()] };
}

/**
 * Source that reaches the database some other way than this process's connections (a portal or
 * CLI child process, a database the test creates itself), or that chooses what to do by the
 * backend: what the embedded run saw of such a file is not all it does.
 */
const UNSEEN_TRAFFIC = /DATABASE_URL|node:child_process|run-cli\.ts|throwawayDatabase/;

/**
 * The files the server run takes, each with why: a feature the embedded run noted, a failure
 * there, traffic it could not see, or no note at all (new, or not run embedded).
 */
export function serverSelection(log: BackendLog, allFiles: string[] = []): { files: Map<string, string> } {
  const files = new Map<string, string>();
  const noted = new Set<string>();
  for (const entry of log.entries) {
    noted.add(entry.file);
    const features = Object.keys(entry.features);
    if (entry.failed) files.set(entry.file, 'failed on the embedded run');
    else if (features.length) files.set(entry.file, features.join(', '));
    else if (UNSEEN_TRAFFIC.test(readFileSync(join(REPO_ROOT, entry.file), 'utf8'))) files.set(entry.file, 'reaches the database from another process');
  }
  for (const file of allFiles) if (!noted.has(file)) files.set(file, 'not seen by the embedded run');
  return { files };
}
