/** One part the portal needs to serve requests; `run` throws (or rejects) with the reason it cannot. */
export interface ReadinessCheck {
  name: string;
  run(): Promise<void>;
}

export interface CheckResult {
  ok: boolean;
  error?: string;
}

export interface ReadinessReport {
  status: 'ok' | 'fail';
  checks: Record<string, CheckResult>;
}

/** Long enough for a loaded but healthy database, short enough for a load balancer's probe. */
export const CHECK_TIMEOUT_MS = 1000;

/**
 * The checks behind `/readyz`. Core adds database, migrations and storage; anything else that a
 * node cannot serve without (a storage backend, a metrics module's own dependencies) adds its own
 * with `add`. Checks run in parallel, each bounded by a timeout, so a hung dependency makes the
 * probe answer "fail" instead of hanging the load balancer's request.
 */
export class Readiness {
  readonly #checks: ReadinessCheck[] = [];
  readonly #timeoutMs: number;

  constructor(timeoutMs = CHECK_TIMEOUT_MS) {
    this.#timeoutMs = timeoutMs;
  }

  add(check: ReadinessCheck): void {
    if (this.#checks.some((c) => c.name === check.name)) throw new Error(`readiness check "${check.name}" added twice`);
    this.#checks.push(check);
  }

  async report(): Promise<ReadinessReport> {
    const results = await Promise.all(this.#checks.map((c) => this.#run(c)));
    const checks = Object.fromEntries(this.#checks.map((c, i) => [c.name, results[i]]));
    return { status: results.every((r) => r.ok) ? 'ok' : 'fail', checks };
  }

  async #run(check: ReadinessCheck): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    try {
      await Promise.race([check.run(), timeout]);
      return { ok: true };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
  }
}
