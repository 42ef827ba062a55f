import type { Cluster } from './cluster.ts';
import { pause, readyz } from './portal-node.ts';

export interface FaultReport {
  killedNode: string;
  /** From SIGKILL until the restarted process answered /readyz 200. */
  nodeRecoveryMs: number;
  backendsTerminated: number;
  /** From pg_terminate_backend until every node answered /readyz 200 again. */
  terminateRecoveryMs: number;
  /** Per node: answered 503 while the database was cut. */
  notReadyDuringCut: Record<string, boolean>;
  /** From restoring the database until every node answered /readyz 200 again. */
  cutRecoveryMs: number;
  /** Per node: the same process before the cut and after it (no restart needed). */
  samePidAcrossCut: Record<string, boolean>;
  /** When the database could not be reached, for judging missed cron slots. */
  outages: { from: number; to: number }[];
  /** Each fault from its start until every node was ready again. */
  windows: { fault: string; from: number; to: number }[];
}

/** Polls every node's /readyz until all answer 200; bounded by a count, the test's own timeout backs it. */
async function untilAllReady(cluster: Cluster): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const codes = await Promise.all(cluster.nodes.map((n) => readyz(n.port)));
    if (codes.every((c) => c === 200)) return;
    await pause(100);
  }
  const state = cluster.nodes.map((n) => `${n.name}: ${n.pid ? `pid ${n.pid} running` : 'process exited'}\n${n.logTail(15)}`);
  throw new Error(`the nodes never all answered /readyz 200 again\n${state.join('\n')}`);
}

/** When each fault comes, in wall-clock milliseconds. */
export interface FaultPlan {
  killAt: number;
  /** How long the killed node stays down before it is started again. */
  restartAfter: number;
  terminateAt: number;
  cutAt: number;
  cutFor: number;
}

/**
 * Kill at +10 s, terminate backends at +30 s, and cut the database across the first minute
 * boundary after +43.5 s: every node's scheduler then finds a cron slot due while the database is
 * unreachable, which must cost that slot and nothing else.
 */
export function planFaults(start: number): FaultPlan {
  const cutFor = 5000;
  return { killAt: start + 10_000, restartAfter: 3000, terminateAt: start + 30_000, cutAt: nextCutAt(start + 42_000, cutFor), cutFor };
}

/** The boundary 1.5 s into a 5 s cut: a timer that fires a little late on a busy machine still finds the database cut. */
const BOUNDARY_INTO_CUT_MS = 1500;

/** The start of a cut straddling the first minute boundary it can reach from `earliest`. */
function nextCutAt(earliest: number, cutFor: number): number {
  if (cutFor <= BOUNDARY_INTO_CUT_MS) throw new Error('the cut must last past the minute boundary');
  return Math.ceil((earliest + BOUNDARY_INTO_CUT_MS) / 60_000) * 60_000 - BOUNDARY_INTO_CUT_MS;
}

async function until(at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await pause(wait);
}

/**
 * The faults, in order, while the journeys run: one node killed and started again; every
 * database connection terminated by the server; the database cut off from all nodes for a
 * few seconds.
 */
export async function runFaults(cluster: Cluster, plan: FaultPlan): Promise<FaultReport> {
  const outages: FaultReport['outages'] = [];

  await until(plan.killAt);
  const victim = cluster.nodes[1];
  const killedAt = Date.now();
  victim.kill();
  await victim.exited();
  await pause(plan.restartAfter);
  await victim.start();
  const nodeRecoveryMs = Date.now() - killedAt;
  const windows: FaultReport['windows'] = [{ fault: 'node killed', from: killedAt, to: Date.now() }];

  await until(plan.terminateAt);
  const terminatedAt = Date.now();
  const backendsTerminated = await cluster.terminateBackends();
  await untilAllReady(cluster);
  const terminateRecoveryMs = Date.now() - terminatedAt;
  outages.push({ from: terminatedAt, to: Date.now() });
  windows.push({ fault: 'backends terminated', ...outages[0] });

  // The cut must straddle a minute boundary with time to spare either side. On a loaded machine a
  // node restart has taken 38 s instead of 3, and the cut then came after its boundary: no node's
  // scheduler met the cut. It then moves to the next boundary (the journeys read plan.cutAt again).
  if (Date.now() > plan.cutAt) plan.cutAt = nextCutAt(Date.now() + 1000, plan.cutFor);
  await until(plan.cutAt);
  const pidsBefore = cluster.nodes.map((n) => n.pid);
  const notReadyDuringCut: Record<string, boolean> = Object.fromEntries(cluster.nodes.map((n) => [n.name, false]));
  const cutAt = Date.now();
  cluster.dbProxy.cut();
  while (Date.now() < cutAt + plan.cutFor) {
    const codes = await Promise.all(cluster.nodes.map((n) => readyz(n.port)));
    cluster.nodes.forEach((n, i) => {
      if (codes[i] === 503) notReadyDuringCut[n.name] = true;
    });
    await pause(200);
  }
  cluster.dbProxy.restore();
  const restoredAt = Date.now();
  await untilAllReady(cluster);
  const cutRecoveryMs = Date.now() - restoredAt;
  outages.push({ from: cutAt, to: Date.now() });
  windows.push({ fault: 'database cut', ...outages[1] });
  const samePidAcrossCut = Object.fromEntries(cluster.nodes.map((n, i) => [n.name, n.pid !== undefined && n.pid === pidsBefore[i]]));

  return { killedNode: victim.name, nodeRecoveryMs, backendsTerminated, terminateRecoveryMs, notReadyDuringCut, cutRecoveryMs, samePidAcrossCut, outages, windows };
}
