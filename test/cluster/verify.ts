import type { Cluster } from './cluster.ts';
import type { Acknowledged } from './journeys.ts';
import { TENANT } from './seed.ts';

/** Acknowledged records the database lacks, by kind; and duplicates a re-submission left. */
export async function missingRecords(cluster: Cluster, acked: Acknowledged) {
  const missing: string[] = [];
  let duplicateTickets = 0;
  let duplicateReports = 0;
  for (const t of acked.tickets) {
    const [{ n }] = await cluster.sql<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE tenant_id = $1 AND subject = $2`, [TENANT, t.subject]);
    if (n === 0) missing.push(`ticket ${t.subject}`);
    duplicateTickets += Math.max(0, n - 1);
  }
  for (const r of acked.reports) {
    const [{ n }] = await cluster.sql<{ n: number }>(`SELECT count(*)::int AS n FROM payments_reports WHERE tenant_id = $1 AND reference = $2`, [TENANT, r.reference]);
    if (n === 0) missing.push(`payment report ${r.reference}`);
    duplicateReports += Math.max(0, n - 1);
  }
  for (const r of acked.readings) {
    const rows = await cluster.sql<{ value: string }>(`SELECT value::text FROM meter_readings_readings WHERE tenant_id = $1 AND meter_id = $2 AND source = 'customer'`, [TENANT, r.customer.meterId]);
    if (rows.length !== 1 || Number(rows[0].value) !== r.value) missing.push(`reading ${r.value} of meter ${r.customer.meterId} (found ${JSON.stringify(rows)})`);
  }
  for (const p of acked.payments) {
    const [row] = await cluster.sql<{ paid: boolean; approved: number }>(
      `SELECT i.paid_amount = i.total AS paid,
              (SELECT count(*)::int FROM payments_payments p WHERE p.tenant_id = $1 AND p.reference = $3 AND p.status = 'approved') AS approved
         FROM invoices i WHERE i.tenant_id = $1 AND i.id = $2`,
      [TENANT, p.customer.invoiceId, p.reference],
    );
    if (!row?.paid || row.approved !== 1) missing.push(`payment ${p.reference} of invoice ${p.customer.invoiceId} (${JSON.stringify(row)})`);
  }
  return { missing, duplicateTickets, duplicateReports };
}

/**
 * What the portal promises never to do twice, over every invoice of the run (acknowledged or
 * not): record a payment of one invoice twice, approve two checkouts of it, or take more than owed.
 */
export async function doublePayments(cluster: Cluster): Promise<string[]> {
  const rows = await cluster.sql<{ id: number; payments: number; approved: number; over: boolean }>(
    `SELECT i.id,
            (SELECT count(*)::int FROM invoice_payments ip WHERE ip.invoice_id = i.id) AS payments,
            (SELECT count(*)::int FROM payments_payment_invoices l JOIN payments_payments p ON p.id = l.payment_id
              WHERE l.invoice_id = i.id AND p.status = 'approved') AS approved,
            i.paid_amount > i.total AS over
       FROM invoices i WHERE i.tenant_id = $1`,
    [TENANT],
  );
  return rows.filter((r) => r.payments > 1 || r.approved > 1 || r.over).map((r) => `invoice ${r.id}: ${r.payments} payments, ${r.approved} approved checkouts${r.over ? ', paid more than its total' : ''}`);
}

/** Every uploaded file, fetched by its owner from each node directly, must be the bytes sent. */
export async function filesNotIdentical(cluster: Cluster, acked: Acknowledged): Promise<string[]> {
  const wrong: string[] = [];
  const files = [
    ...acked.tickets.map((t) => ({ who: t.who, path: t.attachmentPath, data: t.data })),
    ...acked.reports.map((r) => ({ who: r.who, path: r.receiptPath, data: r.data })),
  ];
  for (const f of files) {
    for (const node of cluster.nodes) {
      try {
        const res = await f.who.get({ port: node.port }, f.path);
        if (res.status !== 200 || !res.body.equals(f.data)) wrong.push(`${f.path} from ${node.name}: ${res.status}, ${res.body.length} bytes of ${f.data.length}`);
      } catch (err) {
        wrong.push(`${f.path} from ${node.name}: ${(err as Error).message}`);
      }
    }
  }
  return wrong;
}

/**
 * The heartbeat job's minute slots: each must have run exactly once, and every minute the
 * database was reachable during the run must have had its run (a slot that fell inside an
 * outage may be lost: nobody could claim it).
 */
export async function cronSlots(cluster: Cluster, from: number, to: number, outages: { from: number; to: number }[]) {
  const runs = await cluster.sql<{ slot: string; n: number }>(`SELECT subject AS slot, count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action = 'heartbeat.beat' GROUP BY subject ORDER BY subject`, [TENANT]);
  const claims = await cluster.sql<{ slot: Date; status: string }>(`SELECT slot, status FROM job_runs WHERE tenant_id = $1 AND job = 'heartbeat:beat' ORDER BY slot`, [TENANT]);
  const ranTwice = runs.filter((r) => r.n !== 1).map((r) => `${r.slot} ran ${r.n} times`);
  const ran = new Set(runs.map((r) => r.slot));
  const missed: string[] = [];
  // A few seconds either side: a run started just before a cut still needs the database to finish.
  const GRACE = 3000;
  for (let m = Math.ceil(from / 60_000) * 60_000; m <= to - GRACE; m += 60_000) {
    if (outages.some((o) => m >= o.from - GRACE && m <= o.to + GRACE)) continue;
    if (!ran.has(new Date(m).toISOString())) missed.push(new Date(m).toISOString());
  }
  return { slots: runs.length, claims: claims.length, notDone: claims.filter((c) => c.status !== 'done').length, ranTwice, missed };
}
