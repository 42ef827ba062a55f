import { formatTable } from '../../core/cli/table.ts';
import type { FaultReport } from './faults.ts';
import type { JourneyTally } from './journeys.ts';
import type { RequestRecord } from './request-record.ts';
import type { cronSlots, missingRecords } from './verify.ts';

/** Where the run's wall time went: building the cluster, journeys under faults, a cron slot, reading the database back. */
export interface Phases {
  setupMs: number;
  journeysMs: number;
  /** The journeys, then the wait for the first cron slot after the database cut. */
  runMs: number;
  checksMs: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The run in one table on stderr (CI logs keep it): journeys, requests, errors by kind, recovery times. */
export function printReport(storage: string, phases: Phases, tally: JourneyTally, rec: RequestRecord, faults: FaultReport, cron: Awaited<ReturnType<typeof cronSlots>>, records: Awaited<ReturnType<typeof missingRecords>>): void {
  const rows: string[][] = [
    ['setup: database, migrate, seed, 3 nodes, haproxy', seconds(phases.setupMs)],
    ['journeys under faults', seconds(phases.journeysMs)],
    ['then waiting, without load, for the cron slot after the cut', seconds(phases.runMs - phases.journeysMs)],
    ['checks before the tests read them', seconds(phases.checksMs)],
    ['journeys completed', String(tally.completed)],
    ['journeys abandoned', String(tally.abandoned)],
    ['requests', String(rec.requests)],
    ['requests acknowledged', String(rec.acknowledged)],
    ...[...rec.errors].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => [`errors: ${kind}`, String(n)]),
    [`recovery after SIGKILL of ${faults.killedNode} (restarted, ready)`, seconds(faults.nodeRecoveryMs)],
    [`recovery after terminating ${faults.backendsTerminated} database backends`, seconds(faults.terminateRecoveryMs)],
    ['recovery after the database cut (all /readyz 200)', seconds(faults.cutRecoveryMs)],
    ['acknowledged records missing from the database', String(records.missing.length)],
    // Tickets and reports promise no idempotency: a form sent again after a lost answer is a second one.
    ['tickets opened twice by a form sent again', String(records.duplicateTickets)],
    ['payment reports sent twice by a form sent again', String(records.duplicateReports)],
    ['cron slots run (heartbeat job)', String(cron.slots)],
    ['cron slots run more than once', String(cron.ranTwice.length)],
    ['cron slots missed outside outages', String(cron.missed.length)],
  ];
  const examples = [...rec.examples].map(([kind, example]) => `  ${kind}: ${example}`);
  process.stderr.write(`\nCluster run, ${storage} storage\n${formatTable(['what', 'count or time'], rows)}\n${examples.length ? `First error of each kind:\n${examples.join('\n')}\n` : ''}`);
}
