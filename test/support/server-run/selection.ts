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

export function readBackendLog(path: string): FileEntry[] {
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
  return [...entries.values()];
}

/**
 * What a file's source can show that its noted traffic cannot: a process of its own reaching the
 * database (a CLI child, a portal node), a choice made by the backend, or the database layer
 * itself under test (core/db, a relayed or cut connection), whose behaviour is the backend's.
 */
const SOURCE_REASONS: [RegExp, string][] = [
  [/process\.env\.DATABASE_URL/, 'chooses what to run by the backend'],
  [/\b(runCli|spawnCli)\(|node:child_process/, 'starts a process of its own'],
  // The embedded database's own tests (core/db/embedded-postgres.ts) start it whatever the backend.
  [/core\/db\/(?!embedded-postgres)|relayed-database|tcp-proxy/, 'tests the database layer or its connection'],
];

/**
 * The files the server run takes, each with why: a feature the embedded run noted, a failure
 * there, what its source shows (SOURCE_REASONS), or no note at all (new, or not run embedded).
 */
export function serverSelection(log: FileEntry[], allFiles: string[] = []): Map<string, string[]> {
  const files = new Map<string, string[]>();
  for (const entry of log) {
    const features = Object.keys(entry.features);
    if (entry.failed) files.set(entry.file, ['failed on the embedded run']);
    else if (features.length) files.set(entry.file, features);
    else {
      const source = readFileSync(join(REPO_ROOT, entry.file), 'utf8');
      const reason = SOURCE_REASONS.find(([pattern]) => pattern.test(source))?.[1];
      if (reason) files.set(entry.file, [reason]);
    }
  }
  const noted = new Set(log.map((e) => e.file));
  for (const file of allFiles) if (!noted.has(file)) files.set(file, ['not seen by the embedded run']);
  return files;
}
