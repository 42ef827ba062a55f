import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Linux reports process times in clock ticks, 100 a second on this kernel (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds spent by a page's whole stack: the serving node process and every PostgreSQL
 * backend connected to its database. Other work on a shared machine slows the wall clock but
 * not this, so requests per CPU second compare two sizes fairly even when the load shifts
 * between their turns. A backend that exits inside a window is lost (idle pool clients close
 * after 10 s; the windows are shorter), one that starts inside it counts whole.
 */
export class StackCpu {
  private readonly client: pg.Client;
  private readonly nodePid: number;

  constructor(databaseUrl: string, nodePid: number) {
    this.client = new pg.Client({ connectionString: databaseUrl });
    this.nodePid = nodePid;
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  /** Ticks used so far by each process of the stack, by pid. */
  async sample(): Promise<Map<number, number>> {
    const { rows } = await this.client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    const ticks = new Map<number, number>();
    for (const pid of [this.nodePid, ...rows.map((r) => r.pid)]) {
      const used = processTicks(pid);
      if (used !== null) ticks.set(pid, used);
    }
    return ticks;
  }

  /** CPU seconds between two samples. */
  static seconds(before: Map<number, number>, after: Map<number, number>): number {
    let ticks = 0;
    for (const [pid, used] of after) ticks += used - (before.get(pid) ?? 0);
    return ticks / TICKS_PER_SECOND;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** utime + stime of a process from /proc/<pid>/stat; null once it has exited. */
function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}
