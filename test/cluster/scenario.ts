import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type Cluster } from './cluster.ts';
import { planFaults, runFaults, type FaultReport } from './faults.ts';
import { HttpCustomer } from './http-customer.ts';
import { runJourneys, type Acknowledged, type JourneyTally } from './journeys.ts';
import { RequestRecord } from './request-record.ts';
import { HOST, PASSWORD } from './seed.ts';
import { pause } from './portal-node.ts';
import type { StorageKind } from './storage-kinds.ts';
import { cronSlots, doublePayments, filesNotIdentical, missingRecords } from './verify.ts';
import { printReport, type Phases } from './report.ts';

/** How long the journeys run at least per storage kind, and after the last fault. */
const JOURNEY_SECONDS = Number(process.env.CLUSTER_SECONDS ?? 75);
const AFTER_FAULTS_MS = 15_000;
/** People browsing at once; each journey takes a customer of its own. */
const USERS = 6;
const CUSTOMERS = 400;

/**
 * The whole scenario on one storage kind. Each kind has a test file of its own, so the cluster run
 * puts them side by side in two workers: every fault and every check happens once per kind, and
 * their minutes of waiting on the clock overlap.
 */
export function describeClusterUnderFaults(storage: StorageKind): void {
  describe(`a 3-node cluster behind haproxy, ${storage.kind} storage, under faults`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    const rec = new RequestRecord();
    const acked: Acknowledged = { tickets: [], reports: [], readings: [], payments: [] };
    let cluster: Cluster;
    let faults: FaultReport;
    let tally: JourneyTally;
    let runFrom = 0;
    let runTo = 0;
    let cron: Awaited<ReturnType<typeof cronSlots>>;
    let records: Awaited<ReturnType<typeof missingRecords>>;
    const sessionChecks: { node: string; before: number; after: number }[] = [];

    const phases: Phases = { setupMs: 0, journeysMs: 0, runMs: 0, checksMs: 0 };

    beforeAll(async () => {
      const setupFrom = Date.now();
      const runDir = mkdtempSync(join(tmpdir(), `portal-cluster-${storage.kind}-`));
      cleanups.push(async () => rmSync(runDir, { recursive: true, force: true }));
      const prepared = await storage.prepare(runDir);
      cleanups.push(prepared.stop);
      cluster = await startCluster(runDir, prepared, CUSTOMERS + 1, cleanups);
      runFrom = Date.now();
      phases.setupMs = runFrom - setupFrom;

      // Signed in through haproxy before any fault; asked again on every node after all of them.
      const watcher = cluster.customers.pop()!;
      const sentinel = new HttpCustomer(HOST, '127.0.0.2');
      await sentinel.get({ port: cluster.port }, '/login');
      const login = await sentinel.postForm({ port: cluster.port }, '/login', { identifier: watcher.email, password: PASSWORD });
      if (login.status !== 303) throw new Error(`the watching customer could not sign in: ${login.status}`);
      const dashboard = async (port: number) => (await sentinel.get({ port }, '/dashboard')).status;
      for (const node of cluster.nodes) sessionChecks.push({ node: node.name, before: await dashboard(node.port), after: 0 });

      const start = Date.now();
      const plan = planFaults(start);
      // Read again before each journey: a slow node restart can move the cut a minute on.
      const until = () => Math.max(start + JOURNEY_SECONDS * 1000, plan.cutAt + plan.cutFor + AFTER_FAULTS_MS);
      [tally, faults] = await Promise.all([
        runJourneys(rec, { port: cluster.port }, cluster.customers, USERS, until, acked),
        runFaults(cluster, plan),
      ]);
      // The minute boundary the cut straddles costs its cron slot; the run lasts past the next one,
      // so at least one slot falls due while every node is up, whatever second the run began. The
      // journeys need not go on until then: that was up to a minute of load on both cores that no
      // check reads (every fault is over, and the journeys went on past it).
      const slotAfterCut = Math.ceil((plan.cutAt + plan.cutFor) / 60_000) * 60_000 + 5000;
      phases.journeysMs = Date.now() - runFrom;
      await pause(Math.max(0, slotAfterCut - Date.now()));
      runTo = Date.now();
      phases.runMs = runTo - runFrom;
      for (const [i, node] of cluster.nodes.entries()) sessionChecks[i].after = await dashboard(node.port);
      cron = await cronSlots(cluster, runFrom, runTo, faults.outages);
      records = await missingRecords(cluster, acked);
      phases.checksMs = Date.now() - runTo;
    }, JOURNEY_SECONDS * 1000 + 300_000);

    afterAll(async () => {
      if (records) printReport(storage.kind, phases, tally, rec, faults, cron, records);
      // A 500 is a fault of the portal, not of the test's faults: its log line says where.
      if (cluster && rec.errors.has('portal 500')) {
        for (const node of cluster.nodes) {
          const failed = node.logText().split('\n').filter((l) => l.includes('"level":50') && l.includes('request failed'));
          if (failed.length) console.error(`${node.name}, requests that failed:\n${failed.map((l) => l.slice(0, 1500)).join('\n')}`);
        }
      }
      else if (cluster) for (const node of cluster.nodes) console.error(`${node.name} log:\n${node.logTail()}`);
      for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => console.error(`cleanup: ${(err as Error).message}`));
    }, 60_000);

    it('completes journeys and gives up on none, although requests failed during the faults', () => {
      expect(tally.abandonedAt).toEqual([]);
      expect(tally.completed).toBeGreaterThanOrEqual(USERS);
      // Journeys went on through every fault, not only before them.
      expect(tally.lastCompletedAt).toBeGreaterThan(Math.max(...faults.windows.map((w) => w.to)));
    });

    it('answers "try again" (503) while the database is out of reach, never a 500, and never sends a signed-in customer back to the login', () => {
      const graceMs = 3000;
      expect(rec.log.filter((e) => e.kind === 'portal 500')).toEqual([]);
      const outside = rec.log.filter((e) => e.kind === 'portal 503' && !faults.windows.some((w) => e.at >= w.from && e.at <= w.to + graceMs));
      expect(outside).toEqual([]);
      expect(rec.log.filter((e) => e.kind === 'session lost')).toEqual([]);
    });

    it('keeps every acknowledged ticket, report, reading and payment in the database', () => {
      expect(acked.tickets.length * acked.reports.length * acked.readings.length * acked.payments.length).toBeGreaterThan(0);
      expect(records.missing).toEqual([]);
    });

    it('opens no ticket and stores no payment report twice, however often a form was sent again', () => {
      expect({ tickets: records.duplicateTickets, reports: records.duplicateReports }).toEqual({ tickets: 0, reports: 0 });
    });

    it('records no invoice paid twice, however often a payment step was sent again', async () => {
      expect(await doublePayments(cluster)).toEqual([]);
    });

    it('serves every uploaded file byte-identical from every node', async () => {
      expect(acked.tickets.length + acked.reports.length).toBeGreaterThan(0);
      expect(await filesNotIdentical(cluster, acked)).toEqual([]);
    });

    it('runs each cron slot once across the nodes', () => {
      expect(cron.ranTwice).toEqual([]);
      expect(cron.missed).toEqual([]);
      expect(cron.slots).toBeGreaterThanOrEqual(1);
      expect(cron.claims).toBe(cron.slots);
      expect(cron.notDone).toBe(0);
    });

    it('keeps a session signed in before the faults on every node after them', () => {
      expect(sessionChecks).toEqual(cluster.nodes.map((n) => ({ node: n.name, before: 200, after: 200 })));
    });

    it('goes not ready on every node while the database is cut, and ready again without a restart', () => {
      expect(faults.notReadyDuringCut).toEqual(Object.fromEntries(cluster.nodes.map((n) => [n.name, true])));
      expect(faults.samePidAcrossCut).toEqual(Object.fromEntries(cluster.nodes.map((n) => [n.name, true])));
      expect(faults.backendsTerminated).toBeGreaterThan(0);
      // The killed node came back as a new process; the others never restarted.
      expect(cluster.nodes.map((n) => n.pids.length)).toEqual([1, 2, 1]);
      // The cut spanned a minute boundary: every node's scheduler met a slot it could not claim, logged it and lived on.
      expect(cluster.nodes.map((n) => [n.name, n.logText().includes('job slot skipped: the database did not answer')])).toEqual(cluster.nodes.map((n) => [n.name, true]));
    });
  });
}
