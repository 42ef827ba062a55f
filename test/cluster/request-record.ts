import type { Reply } from './http-customer.ts';

/** Why a request did not get the answer a person expected. */
export type ErrorKind =
  | 'connection reset'
  | 'connection refused'
  | 'no answer'
  | 'haproxy 502'
  | 'haproxy 503'
  | 'haproxy 504'
  | 'portal 503'
  | 'portal 500'
  | 'session lost'
  | 'unexpected page';

/**
 * Every request the journeys sent, and what came back: acknowledged (the answer the step
 * expects) or an error of some kind, with one example of each kind for the report.
 */
export class RequestRecord {
  requests = 0;
  acknowledged = 0;
  readonly errors = new Map<ErrorKind, number>();
  readonly examples = new Map<ErrorKind, string>();
  /** Each error with when it happened, to tell errors during a fault from errors after it. */
  readonly log: { at: number; kind: ErrorKind; what: string }[] = [];

  /**
   * Sends one request and judges its answer. Resolves to the reply when `expected` holds for it,
   * otherwise to undefined after recording why; a network failure is recorded, never thrown.
   */
  async judge(label: string, send: () => Promise<Reply>, expected: (r: Reply) => boolean, signedIn = true): Promise<Reply | undefined> {
    this.requests += 1;
    let reply: Reply;
    try {
      reply = await send();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const kind: ErrorKind = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ETIMEDOUT' ? 'no answer' : 'connection reset';
      return this.#error(kind, `${label}: ${(err as Error).message}`);
    }
    if (expected(reply)) {
      this.acknowledged += 1;
      return reply;
    }
    return this.#error(classify(reply, signedIn), `${label}: ${reply.status} ${reply.location || reply.text.slice(0, 200).replace(/\s+/g, ' ')}`);
  }

  errorCount(): number {
    return [...this.errors.values()].reduce((a, b) => a + b, 0);
  }

  #error(kind: ErrorKind, example: string): undefined {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
    if (!this.examples.has(kind)) this.examples.set(kind, example);
    this.log.push({ at: Date.now(), kind, what: example });
    return undefined;
  }
}

/**
 * haproxy's own error pages carry none of the portal's security headers, which every portal
 * answer has (helmet), so the two are told apart by that rather than by the wording.
 */
export function classify(reply: Reply, signedIn: boolean): ErrorKind {
  const fromPortal = reply.headers['x-content-type-options'] !== undefined;
  if (!fromPortal && (reply.status === 502 || reply.status === 503 || reply.status === 504)) return `haproxy ${reply.status}` as ErrorKind;
  // The portal's 503 says "the database is out of reach, try again"; a 500 is a fault of its own.
  if (reply.status === 503) return 'portal 503';
  if (reply.status >= 500) return 'portal 500';
  if (signedIn && reply.status >= 300 && reply.status < 400 && reply.location.startsWith('/login')) return 'session lost';
  return 'unexpected page';
}
