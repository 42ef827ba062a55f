import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../display-path.ts';
import type { Problem } from '../problem.ts';

/** The migration runner's own rule (core/db/migrate.ts): other files in the folder are never applied. */
const MIGRATION = /^(\d{3,})_[\w-]+\.sql$/;

/** `migrations/` holds 001_…, 002_…: numbered from 1, each number once, none missing. */
export function checkMigrations(pluginDir: string): Problem[] {
  const dir = join(pluginDir, 'migrations');
  if (!existsSync(dir)) return [];
  const problems: Problem[] = [];
  const byNumber = new Map<number, string[]>();
  for (const name of readdirSync(dir).sort()) {
    const m = MIGRATION.exec(name);
    if (!m) {
      problems.push({ file: displayPath(join(dir, name)), line: 1, message: `never applied: migrations are named NNN_name.sql (e.g. 001_init.sql)` });
      continue;
    }
    const n = Number(m[1]);
    byNumber.set(n, [...(byNumber.get(n) ?? []), name]);
  }
  for (const [n, names] of byNumber) {
    if (names.length < 2) continue;
    for (const name of names) {
      problems.push({ file: displayPath(join(dir, name)), line: 1, message: `migration number ${n} is used twice (${names.join(', ')}): give each file its own number` });
    }
  }
  const numbers = [...byNumber.keys()].sort((a, b) => a - b);
  numbers.forEach((n, i) => {
    const expected = i === 0 ? 1 : numbers[i - 1] + 1;
    if (n === expected) return;
    const missing = expected === n - 1 ? String(expected).padStart(3, '0') : `${String(expected).padStart(3, '0')} to ${String(n - 1).padStart(3, '0')}`;
    problems.push({ file: displayPath(join(dir, byNumber.get(n)![0])), line: 1, message: `migration ${missing} is missing before this one: number them 001, 002, … without gaps` });
  });
  return problems;
}
