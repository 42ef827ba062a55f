import cron, { type ScheduledTask } from 'node-cron';
import type { Database } from '../db/database.ts';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';
import type { JobDefinition, LoadedPlugin, PortalServices } from '../plugins/define-plugin.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { JobCounts } from '../metrics/portal-metrics.ts';

interface Log {
  info(obj: unknown, msg: string): void;
  error(obj: unknown, msg: string): void;
}

interface SchedulerDeps {
  db: Database;
  tenants: TenantRegistry;
  plugins: LoadedPlugin[];
  services: PortalServices;
  log: Log;
  /** Counts the slots this process runs; absent where a test builds a scheduler of its own. */
  counts?: JobCounts;
}

/**
 * Runs plugin jobs with node-cron, per tenant that enables the plugin, in the job's (or the
 * tenant's) time zone. Before running, a process claims the slot with an INSERT on
 * `job_runs (job, tenant, slot)`: only one of several portal processes wins it, so a slot runs once.
 */
export class Scheduler {
  readonly #tasks: ScheduledTask[] = [];
  readonly #deps: SchedulerDeps;

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
  }

  start(): void {
    for (const plugin of this.#deps.plugins) {
      for (const job of plugin.definition.jobs ?? []) {
        for (const tenant of this.#deps.tenants.list()) {
          if (!tenant.plugins.has(plugin.name)) continue;
          const task = cron.schedule(
            job.cron,
            (ctx) => {
              void this.fire(plugin.name, job, tenant, ctx?.triggeredAt ?? new Date());
            },
            { timezone: job.timezone ?? tenant.timezone, name: `${plugin.name}:${job.name}:${tenant.id}` },
          );
          this.#tasks.push(task);
        }
      }
    }
  }

  stop(): void {
    for (const task of this.#tasks.splice(0)) void task.stop();
  }

  /**
   * What the timer calls when a slot is due. A slot whose claim or outcome cannot be written (the
   * database unreachable at that minute) is logged and skipped: left to reject, it would be an
   * unhandled rejection, which ends the whole process and every request it was serving.
   */
  async fire(pluginName: string, job: JobDefinition, tenant: Tenant, at: Date): Promise<void> {
    try {
      await this.runSlot(pluginName, job, tenant, floorToMinute(at));
    } catch (err) {
      this.#deps.log.error({ err, job: `${pluginName}:${job.name}`, tenant: tenant.id }, 'job slot skipped: the database did not answer');
    }
  }

  /** Claims and runs one slot; returns false when another process already has it. */
  async runSlot(pluginName: string, job: JobDefinition, tenant: Tenant, slot: Date): Promise<boolean> {
    const key = `${pluginName}:${job.name}`;
    const conn = this.#deps.db.orm.em.getConnection();
    const claimed = await conn.execute<{ job: string }[]>(
      `INSERT INTO job_runs (job, tenant_id, slot) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING job`,
      [key, tenant.id, slot],
    );
    if (claimed.length === 0) return false;
    const { log } = this.#deps;
    try {
      await job.run({
        tenant,
        em: this.#deps.db.forTenant(tenant.id),
        settings: tenant.plugins.get(pluginName) ?? {},
        slot,
        log: log as never,
        portal: this.#deps.services,
      });
      await conn.execute(`UPDATE job_runs SET status = 'done', finished_at = now() WHERE job = ? AND tenant_id = ? AND slot = ?`, [key, tenant.id, slot]);
      // A slot is never claimed twice once past, so its row only matters for looking back a while;
      // an every-minute job would otherwise add 1,440 rows a day per tenant for ever.
      await conn.execute(`DELETE FROM job_runs WHERE job = ? AND tenant_id = ? AND slot < ?::timestamptz - interval '${KEEP_RUNS_DAYS} days'`, [key, tenant.id, slot]);
      this.#deps.counts?.ran(key, true);
      return true;
    } catch (err) {
      log.error({ err, job: key, tenant: tenant.id }, 'job failed');
      await conn.execute(
        `UPDATE job_runs SET status = 'failed', finished_at = now(), error = ? WHERE job = ? AND tenant_id = ? AND slot = ?`,
        [String((err as Error).message).slice(0, 1000), key, tenant.id, slot],
      );
      this.#deps.counts?.ran(key, false);
      return true;
    }
  }
}

/** How long finished runs stay in job_runs, for looking back at what ran and what failed. */
const KEEP_RUNS_DAYS = 30;

function floorToMinute(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 60_000) * 60_000);
}
