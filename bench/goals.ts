// Every figure issue 17 sets a goal for ends in one table printed by `npm run bench`. Benches run in
// child processes (each plugin's bench/run.ts, bench/api/run.ts), so a child reports a goal as one
// marked stdout line and the parent collects it; run alone, a child prints its own table.
import { fmt, table, type Goal } from './table.ts';

const MARK = '::goal::';

/** Prints a goal for the parent `npm run bench` to collect (and for a person reading a child's run). */
export function reportGoal(goal: Goal & { unit?: string }): void {
  process.stdout.write(`${MARK}${JSON.stringify(goal)}\n`);
}

/** The goal a child's stdout line reports, or undefined for any other line. */
export function parseGoalLine(line: string): (Goal & { unit?: string }) | undefined {
  return line.startsWith(MARK) ? (JSON.parse(line.slice(MARK.length)) as Goal & { unit?: string }) : undefined;
}

export function met(g: Goal): boolean {
  return g.atLeast ? g.measured >= g.goal : g.measured <= g.goal;
}

/** `goal | measured | goal | met`, figures as ratios below 10 and as whole numbers above. */
export function goalsTable(goals: (Goal & { unit?: string })[]): string {
  const show = (n: number, unit = '') => `${Math.abs(n) >= 10 ? fmt.int(n) : fmt.ratio(n)}${unit ? ` ${unit}` : ''}`;
  return table(
    ['goal', 'measured', 'goal', 'met'],
    goals.map((g) => [g.name, show(g.measured, g.unit), `${g.atLeast ? '≥' : '≤'} ${show(g.goal, g.unit)}`, met(g) ? 'yes' : 'NO']),
  );
}
