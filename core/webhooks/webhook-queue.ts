import type { JobWithMetadata, PgBoss } from 'pg-boss';
import { lazyModule } from '../lazy-module.ts';
import type { MikroORM } from '@mikro-orm/postgresql';
import { endpointOwner, type SecretBox } from './secret-box.ts';
import { postDelivery } from './post-delivery.ts';
import { simpleProtocolDb } from './simple-protocol-db.ts';
import type { WebhookCounts } from '../metrics/portal-metrics.ts';

export const WEBHOOK_QUEUE = 'portal-webhooks';

/** Loaded when the workers start: commands and a node's first page do not need it. */
const pgBoss = lazyModule(() => import('pg-boss'));

export interface WebhookQueueOptions {
  /** Attempts after the first one; with the backoff below, twelve span about a day. */
  retryLimit: number;
  /** First pause; doubled after each failure (pg-boss's backoff, with jitter) up to the maximum. */
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
  /**
   * Doubling pauses; off, every retry waits retryDelaySeconds. pg-boss counts whole seconds and a
   * backoff never waits less than 1-2 s per step, so tests turn it off rather than sleep through it.
   */
  retryBackoff: boolean;
  /** How often idle workers and the relay look for work (the relay is also nudged on each event). */
  pollSeconds: number;
  timeoutMs: number;
  /** Development and tests post to 127.0.0.1; production refuses private addresses. */
  allowPrivateTargets: boolean;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookQueueOptions = {
  retryLimit: 12,
  retryDelaySeconds: 30,
  retryDelayMaxSeconds: 6 * 3600,
  retryBackoff: true,
  pollSeconds: 2,
  timeoutMs: 10_000,
  allowPrivateTargets: false,
};

interface Log {
  error(obj: unknown, msg: string): void;
  warn(obj: unknown, msg: string): void;
}

/** A delivery with its endpoint, as the worker reads it. */
interface DueDelivery {
  id: number;
  tenant_id: string;
  endpoint_id: number;
  event: string;
  event_id: string;
  payload: unknown;
  status: string;
  attempts: number;
  job_id: string;
  url: string;
  secret_sealed: string;
  disabled_at: Date | string | null;
}

/**
 * Durable delivery through pg-boss. Deliveries are rows written with the change they report; a
 * relay hands committed, unqueued rows to pg-boss under the row's own job id (a second hand-over
 * of the same row is a no-op), and pg-boss workers post them, retrying with exponential backoff
 * across restarts. pg-boss runs on the PostgreSQL server and on the embedded one alike: there
 * through one simple-protocol connection (see simple-protocol-db.ts), the ORM keeping the rest.
 */
export class WebhookQueue {
  readonly #orm: MikroORM;
  readonly #box: SecretBox;
  readonly #log: Log;
  readonly #embedded: boolean;
  readonly #counts?: WebhookCounts;
  #options: WebhookQueueOptions;
  #boss?: PgBoss;
  #closeDb?: () => Promise<void>;
  #timer?: NodeJS.Timeout;
  #nudged?: NodeJS.Timeout;
  #relaying?: Promise<number>;

  constructor(deps: { orm: MikroORM; box: SecretBox; log: Log; embedded: boolean; options?: Partial<WebhookQueueOptions>; counts?: WebhookCounts }) {
    this.#counts = deps.counts;
    this.#orm = deps.orm;
    this.#box = deps.box;
    this.#log = deps.log;
    this.#embedded = deps.embedded;
    this.#options = { ...DEFAULT_WEBHOOK_OPTIONS, ...deps.options };
  }

  get started(): boolean {
    return Boolean(this.#boss);
  }

  async start(options: Partial<WebhookQueueOptions> = {}): Promise<void> {
    if (this.#boss) return;
    const { PgBoss } = await pgBoss();
    this.#options = { ...this.#options, ...options };
    const url = this.#orm.config.get('clientUrl') as string;
    const db = this.#embedded ? simpleProtocolDb(url, 1) : undefined;
    this.#closeDb = db?.close;
    const boss = new PgBoss(db ? { db, schedule: false } : { connectionString: url, max: 2, schedule: false, application_name: 'portal-webhooks' });
    boss.on('error', (err) => this.#log.error({ err }, 'webhook queue error'));
    await boss.start();
    await boss.createQueue(WEBHOOK_QUEUE);
    await boss.work<{ deliveryId: number }, void, { includeMetadata: true; batchSize: 1; localConcurrency: number; pollingIntervalSeconds: number }>(
      WEBHOOK_QUEUE,
      { includeMetadata: true, batchSize: 1, localConcurrency: this.#embedded ? 1 : 4, pollingIntervalSeconds: Math.max(0.5, this.#options.pollSeconds) },
      async ([job]) => this.#deliver(job),
    );
    this.#boss = boss;
    this.#timer = setInterval(() => void this.relay(), this.#options.pollSeconds * 1000);
    this.#timer.unref();
    this.nudge();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    clearTimeout(this.#nudged);
    const boss = this.#boss;
    this.#boss = undefined;
    await this.#relaying?.catch(() => 0);
    await boss?.stop({ graceful: true, timeout: 5000 });
    await this.#closeDb?.();
    this.#closeDb = undefined;
  }

  /** Called when deliveries were written: relay soon, once the writing transaction has had time to commit. */
  nudge(): void {
    if (!this.#boss || this.#nudged) return;
    this.#nudged = setTimeout(() => {
      this.#nudged = undefined;
      void this.relay();
    }, 50);
    this.#nudged.unref();
  }

  /** Hands committed, unqueued deliveries to pg-boss; returns how many. */
  relay(): Promise<number> {
    if (!this.#boss) return Promise.resolve(0);
    this.#relaying ??= this.#relayOnce().finally(() => (this.#relaying = undefined));
    return this.#relaying;
  }

  async #relayOnce(): Promise<number> {
    const boss = this.#boss;
    if (!boss) return 0;
    const conn = this.#orm.em.getConnection();
    let total = 0;
    try {
      for (;;) {
        const rows = await conn.execute<{ id: number; job_id: string }[]>(
          `SELECT id, job_id FROM api_webhook_deliveries WHERE queued_at IS NULL AND status = 'pending' ORDER BY id LIMIT 200`,
        );
        if (!rows.length) return total;
        const o = this.#options;
        await boss.insert(
          WEBHOOK_QUEUE,
          rows.map((r) => ({
            id: r.job_id,
            data: { deliveryId: Number(r.id) },
            retryLimit: o.retryLimit,
            retryDelay: o.retryDelaySeconds,
            retryBackoff: o.retryBackoff,
            // pg-boss refuses a maximum (even an undefined one) without a backoff.
            ...(o.retryBackoff ? { retryDelayMax: o.retryDelayMaxSeconds } : {}),
            expireInSeconds: Math.ceil(o.timeoutMs / 1000) + 60,
          })),
        );
        await conn.execute(`UPDATE api_webhook_deliveries SET queued_at = now() WHERE id IN (?)`, [rows.map((r) => r.id)], 'run');
        total += rows.length;
      }
    } catch (err) {
      this.#log.error({ err }, 'webhook relay failed; retrying on the next poll');
      return total;
    }
  }

  async #deliver(job: JobWithMetadata<{ deliveryId: number }>): Promise<void> {
    const conn = this.#orm.em.getConnection();
    const [d] = await conn.execute<DueDelivery[]>(
      `SELECT d.id, d.tenant_id, d.endpoint_id, d.event, d.event_id, d.payload, d.status, d.attempts, d.job_id, e.url, e.secret_sealed, e.disabled_at
       FROM api_webhook_deliveries d JOIN api_webhook_endpoints e ON e.id = d.endpoint_id AND e.tenant_id = d.tenant_id
       WHERE d.id = ?`,
      [job.data.deliveryId],
    );
    // Delivered already (a job handed over twice, a retry after a crash): deliver once.
    if (!d || d.status !== 'pending') return;
    if (d.disabled_at) {
      await conn.execute(`UPDATE api_webhook_deliveries SET status = 'cancelled' WHERE id = ? AND status = 'pending'`, [d.id], 'run');
      return;
    }
    const secret = this.#box.open(d.secret_sealed, endpointOwner(d.tenant_id, d.endpoint_id));
    const attempt = d.attempts + 1;
    const body = typeof d.payload === 'string' ? d.payload : JSON.stringify(d.payload);
    const result = secret
      ? await postDelivery(
          { url: d.url, secret, body, event: d.event, eventId: d.event_id, deliveryId: d.job_id },
          { timeoutMs: this.#options.timeoutMs, allowPrivate: this.#options.allowPrivateTargets },
        )
      : { ok: false, status: null, error: 'signing secret does not open (host secret changed?)', ms: 0 };
    const last = !result.ok && job.retryCount >= job.retryLimit;
    await this.#orm.em.fork().transactional(async (em) => {
      const tx = em.getConnection();
      const ctx: unknown = em.getTransactionContext();
      await tx.execute(
        `INSERT INTO api_webhook_attempts (tenant_id, delivery_id, attempt, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)`,
        [d.tenant_id, d.id, attempt, result.status, result.error, result.ms],
        'run',
        ctx,
      );
      await tx.execute(
        `UPDATE api_webhook_deliveries SET attempts = ?, last_attempt_at = now(), last_status = ?, last_error = ?,
           status = ?, delivered_at = CASE WHEN ? THEN now() END
         WHERE id = ?`,
        [attempt, result.status, result.error, result.ok ? 'delivered' : last ? 'failed' : 'pending', result.ok, d.id],
        'run',
        ctx,
      );
    });
    this.#counts?.attempted(d.tenant_id, result.ok);
    if (!result.ok) throw new Error(`delivery ${d.id} attempt ${attempt}: ${result.error}`);
  }
}
