import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/database.ts';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';
import { databaseGauges } from './database-gauges.ts';
import { MetricsListener } from './metrics-listener.ts';

/** Who tried to sign in: a customer on the portal or an operator on the back office. */
export type LoginKind = 'customer' | 'staff';

/** What the login routes count (core/auth/login-throttle.ts), kept apart from prom-client. */
export interface LoginCounts {
  failed(tenant: string, kind: LoginKind): void;
  throttled(tenant: string, kind: LoginKind, reason: string): void;
}

/** What the webhook queue counts (core/webhooks/webhook-queue.ts): each post to an endpoint. */
export interface WebhookCounts {
  attempted(tenant: string, ok: boolean): void;
}

/** What the scheduler counts (core/jobs/scheduler.ts). */
export interface JobCounts {
  ran(job: string, ok: boolean): void;
}

/**
 * One registry per portal (tests run several portals in one process). Counters are per process:
 * Prometheus sums them across the nodes; the queue depths are read from the database at scrape
 * time (database-gauges.ts), so every node reports the same, shared, figure.
 */
export class PortalMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'portal_http_requests_total',
    help: 'HTTP requests answered, by route template (not-found for no route), method, status and tenant.',
    labelNames: ['route', 'method', 'status', 'tenant'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'portal_http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its answer, by route template, method and tenant.',
    labelNames: ['route', 'method', 'tenant'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly #jobRuns = new Counter({
    name: 'portal_job_runs_total',
    help: 'Job slots run by this process, by job (plugin:job).',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });
  readonly #jobFailures = new Counter({
    name: 'portal_job_failures_total',
    help: 'Job slots run by this process that failed, by job (plugin:job).',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });
  readonly #loginFailures = new Counter({
    name: 'portal_login_failures_total',
    help: 'Sign-ins refused for a wrong identifier or password, by tenant and kind (customer, staff).',
    labelNames: ['tenant', 'kind'] as const,
    registers: [this.registry],
  });
  readonly #loginThrottled = new Counter({
    name: 'portal_login_throttled_total',
    help: 'Sign-ins refused unchecked by the login throttle, by tenant, kind (customer, staff) and reason (address, account-address, locked).',
    labelNames: ['tenant', 'kind', 'reason'] as const,
    registers: [this.registry],
  });
  readonly #webhookAttempts = new Counter({
    name: 'portal_webhook_attempts_total',
    help: 'Webhook posts made by this process, by tenant and outcome (delivered, failed: retried later or given up).',
    labelNames: ['tenant', 'outcome'] as const,
    registers: [this.registry],
  });
  #listener?: MetricsListener;

  constructor(deps: { db: Database; tenants: TenantRegistry; log: { warn(obj: unknown, msg: string): void } }) {
    databaseGauges(this.registry, deps);
  }

  readonly logins: LoginCounts = {
    failed: (tenant, kind) => this.#loginFailures.inc({ tenant, kind }),
    throttled: (tenant, kind, reason) => this.#loginThrottled.inc({ tenant, kind, reason }),
  };

  readonly webhooks: WebhookCounts = {
    attempted: (tenant, ok) => this.#webhookAttempts.inc({ tenant, outcome: ok ? 'delivered' : 'failed' }),
  };

  readonly jobs: JobCounts = {
    ran: (job, ok) => {
      this.#jobRuns.inc({ job });
      if (!ok) this.#jobFailures.inc({ job });
    },
  };

  /** Serves /metrics on its own address, never the public one; adds the process's own figures. */
  async listen(host: string, port: number): Promise<number> {
    collectDefaultMetrics({ register: this.registry });
    this.#listener = new MetricsListener(this.registry);
    return this.#listener.listen(host, port);
  }

  /** The port /metrics answers on, when listening. */
  get port(): number | undefined {
    return this.#listener?.port;
  }

  async close(): Promise<void> {
    await this.#listener?.close();
  }
}
