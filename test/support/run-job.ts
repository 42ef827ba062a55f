import { Scheduler } from '../../core/jobs/scheduler.ts';
import type { Portal } from '../../core/portal.ts';

/**
 * Runs one slot of a plugin's job for one tenant, as the scheduler does when the cron fires (the
 * slot is claimed first, so a slot already run returns false). `processes` schedulers claim it at
 * once, as that many portal processes would: exactly one of them runs it.
 */
export async function runJob(
  portal: Portal,
  job: { plugin: string; name: string; tenant: string; slot?: Date; processes?: number },
): Promise<boolean[]> {
  const plugin = portal.plugins.find((p) => p.name === job.plugin);
  const definition = plugin?.definition.jobs?.find((j) => j.name === job.name);
  if (!definition) throw new Error(`no job "${job.name}" in plugin "${job.plugin}"`);
  const tenant = portal.tenants.get(job.tenant);
  if (!tenant) throw new Error(`no tenant "${job.tenant}"`);
  const deps = { db: portal.db, tenants: portal.tenants, plugins: portal.plugins, services: portal.services, log: portal.app.log };
  const slot = job.slot ?? new Date(Math.floor(Date.now() / 60_000) * 60_000);
  return Promise.all(Array.from({ length: job.processes ?? 1 }, () => new Scheduler(deps).runSlot(job.plugin, definition, tenant, slot)));
}
