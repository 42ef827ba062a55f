// Runs one child bench (a plugin's bench/run.ts, bench/api/run.ts…) for `npm run bench`: what the
// child prints passes through as it comes, except its `::goal::` lines, which the parent keeps for
// the one goal table at the end instead of showing them raw.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseGoalLine } from './goals.ts';
import type { Goal } from './table.ts';

export interface ChildBenchResult {
  code: number | null;
  goals: (Goal & { unit?: string })[];
}

export async function runChildBench(script: string, args: string[]): Promise<ChildBenchResult> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const goals: ChildBenchResult['goals'] = [];
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const goal = parseGoalLine(line);
    if (goal) goals.push(goal);
    else console.log(line);
  });
  const [code] = await Promise.all([
    new Promise<number | null>((resolve) => child.once('exit', resolve)),
    // The last lines may still be buffered when the process has exited.
    new Promise<void>((resolve) => lines.once('close', resolve)),
  ]);
  return { code, goals };
}

/** The child's first stdout line, parsed; fails if the child exits or stalls before printing it. */
export async function firstJsonLine<T>(stream: NodeJS.ReadableStream, exited: Promise<number | null>, timeoutMs: number, who: string): Promise<T> {
  const lines = createInterface({ input: stream });
  let timer: NodeJS.Timeout | undefined;
  try {
    const line = await Promise.race([
      new Promise<string>((resolve) => lines.once('line', resolve)),
      exited.then((code) => Promise.reject(new Error(`${who} exited with ${code} before reporting`))),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${who} did not report within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
    return JSON.parse(line) as T;
  } finally {
    clearTimeout(timer);
  }
}
