import { describe, expect, it } from 'vitest';
import { isBackendUnavailable } from './backend-unavailable.ts';

/** Wrapped the way MikroORM wraps a driver error: the original is the cause. */
const wrapped = (inner: object) => Object.assign(new Error('query failed'), { cause: inner });

describe('which errors mean "try again in a few seconds"', () => {
  it('counts a dropped, refused, timed-out or terminated database connection, however deep the driver error is', () => {
    expect(isBackendUnavailable(wrapped({ code: 'ECONNREFUSED' }))).toBe(true);
    expect(isBackendUnavailable(wrapped({ code: '57P01', message: 'terminating connection due to administrator command' }))).toBe(true);
    expect(isBackendUnavailable(wrapped(new Error('Connection terminated unexpectedly')))).toBe(true);
    // pg's own errors for a client whose socket already failed carry no code.
    expect(isBackendUnavailable(wrapped(new Error('Client has encountered a connection error and is not queryable')))).toBe(true);
    expect(isBackendUnavailable(wrapped(new Error('Client was closed and is not queryable')))).toBe(true);
  });

  it('counts an object store that refuses or answers 5xx', () => {
    expect(isBackendUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED', $metadata: { attempts: 3 } }))).toBe(true);
    expect(isBackendUnavailable(Object.assign(new Error('SlowDown'), { $metadata: { httpStatusCode: 503 } }))).toBe(true);
  });

  it('leaves faults of the request or of the code as they are (a 500 with the details in the log)', () => {
    expect(isBackendUnavailable(wrapped({ code: '23505', message: 'duplicate key value violates unique constraint' }))).toBe(false);
    expect(isBackendUnavailable(Object.assign(new Error('Access Denied'), { $metadata: { httpStatusCode: 403 } }))).toBe(false);
    expect(isBackendUnavailable(new Error('Release called on client which has already been released to the pool.'))).toBe(false);
    expect(isBackendUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
  });
});
