import type { FastifyReply } from 'fastify';

/**
 * Work a request starts but does not answer with, done once the answer has gone: its cost and
 * its outcome then cannot show in the response time (forgot-password must answer alike whether
 * or not the identifier names someone). Tracked, so shutdown and tests can wait for it; a failure
 * is logged, as nobody is left to tell.
 */
export class AfterReply {
  readonly #pending = new Set<Promise<void>>();
  readonly #log: { error(obj: unknown, msg: string): void };

  constructor(log: { error(obj: unknown, msg: string): void }) {
    this.#log = log;
  }

  /** Tracked from now on, so whoever waits for `settled` after the reply cannot miss it. */
  schedule(reply: FastifyReply, what: string, work: () => Promise<void>): void {
    const gone = new Promise<void>((resolve) => {
      reply.raw.once('finish', resolve);
      // A client that hung up still gets its work done.
      reply.raw.once('close', resolve);
    });
    const task: Promise<void> = gone
      // finish fires as the last bytes are handed to the socket: let them go before any work.
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(work)
      .catch((err: unknown) => this.#log.error({ err }, `${what} failed after the reply`))
      .finally(() => this.#pending.delete(task));
    this.#pending.add(task);
  }

  /** Resolves when no work is pending, including work scheduled while waiting. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}
