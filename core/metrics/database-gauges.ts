import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/database.ts';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';

/** Scrapes from several Prometheus servers, or a dashboard reloading, reuse one reading this long. */
const CACHE_MS = 5000;

interface Deps {
  db: Database;
  tenants: TenantRegistry;
  log: { warn(obj: unknown, msg: string): void };
}

/**
 * Figures read at scrape time: the connection pool of this process, and the queues every process
 * shares (mail outbox, webhook deliveries), one grouped query each. A database that does not
 * answer leaves the last reading in place rather than failing the scrape, so the process's other
 * figures still arrive while the database is the problem.
 */
export function databaseGauges(registry: Registry, deps: Deps): void {
  // Both read the pool itself: no query, no cache.
  new Gauge({
    name: 'portal_db_pool_in_use',
    help: 'Database connections of this process lent out now.',
    registers: [registry],
    async collect() {
      this.set((await deps.db.poolUsage()).inUse);
    },
  });
  new Gauge({
    name: 'portal_db_pool_waiting',
    help: 'Queries of this process waiting for a free database connection.',
    registers: [registry],
    async collect() {
      this.set((await deps.db.poolUsage()).waiting);
    },
  });

  queueGauge(registry, deps, {
    name: 'portal_mail_outbox',
    help: 'Emails in the outbox (all processes) by tenant and state: queued (waiting to be sent or retried), failed (given up).',
    sql: `SELECT tenant_id, CASE status WHEN 'pending' THEN 'queued' ELSE status END AS state, count(*) AS n
          FROM mail_outbox WHERE status IN ('pending', 'failed') GROUP BY 1, 2`,
  });
  queueGauge(registry, deps, {
    name: 'portal_webhook_deliveries',
    help: 'Webhook deliveries (all processes) by tenant and state: queued (waiting for their first or next attempt), failed (given up).',
    sql: `SELECT tenant_id, CASE status WHEN 'pending' THEN 'queued' ELSE status END AS state, count(*) AS n
          FROM api_webhook_deliveries WHERE status IN ('pending', 'failed') GROUP BY 1, 2`,
  });
}

const STATES = ['queued', 'failed'] as const;

function queueGauge(registry: Registry, deps: Deps, opts: { name: string; help: string; sql: string }): void {
  let readAt = 0;
  const gauge = new Gauge({ name: opts.name, help: opts.help, labelNames: ['tenant', 'state'] as const, registers: [registry], collect: () => read() });
  const read = async () => {
    if (Date.now() - readAt < CACHE_MS) return;
    let rows: { tenant_id: string; state: string; n: string | number }[];
    try {
      rows = await deps.db.orm.em.getConnection().execute(opts.sql);
    } catch (err) {
      deps.log.warn({ err, metric: opts.name }, 'metrics: database not read; keeping the last reading');
      return;
    }
    readAt = Date.now();
    gauge.reset();
    // Every tenant shows, at zero when empty: an absent series would read as "no data", not "none".
    for (const tenant of deps.tenants.list()) for (const state of STATES) gauge.set({ tenant: tenant.id, state }, 0);
    for (const row of rows) gauge.set({ tenant: row.tenant_id, state: row.state }, Number(row.n));
  };
}
