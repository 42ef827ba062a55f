import { globSync } from 'node:fs';
import { REPO_ROOT } from '../../../core/config/load-config.ts';
import { readBackendLog, serverSelection } from './selection.ts';

/**
 * The test files a PostgreSQL-server run takes after an embedded run that noted its files in
 * `logPath`: those whose database traffic could come out otherwise on a server (see
 * selection.ts). Prints the choice, so a run's output says what ran where and why.
 */
export function serverRunFiles(logPath: string, include: string[], exclude: string[]): string[] {
  const all = globSync(include, { cwd: REPO_ROOT, exclude }).sort();
  const files = serverSelection(readBackendLog(logPath), all);
  const chosen = all.filter((f) => files.has(f));
  const why = new Map<string, number>();
  for (const f of chosen) for (const reason of files.get(f)!) why.set(reason, (why.get(reason) ?? 0) + 1);
  console.log(
    `server run: ${chosen.length} of ${all.length} test files, by what the embedded run noted (${logPath}): ` +
      [...why].map(([reason, n]) => `${reason} ${n}`).join('; ') +
      `. The other ${all.length - chosen.length} ran embedded only; their statements are checked on the server by check-statements.ts.`,
  );
  return chosen;
}
