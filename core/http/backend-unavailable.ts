/**
 * Errors that say the database or the object store cannot be reached or stopped serving this
 * request (refused or dropped connections, a connect or query timeout, a server shutting down or
 * out of connections, an S3 server answering 5xx), as opposed to a fault of the request itself:
 * the answer is 503, try again soon.
 */
const CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  // SQLSTATE class 08 (connection exception), 57P01-03 (admin shutdown, crash shutdown, cannot
  // connect now), 53300 (too many connections), 57014 (statement timeout).
  '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300', '57014',
]);
// pg's own errors for a dropped socket and its client-side timeouts carry no code.
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Connection is closed|is not queryable/;

export function isBackendUnavailable(error: unknown): boolean {
  let e = error as { code?: unknown; sqlState?: unknown; message?: unknown; cause?: unknown; $metadata?: { httpStatusCode?: number } } | undefined;
  // MikroORM wraps the driver's error; the original is its `cause`.
  for (let depth = 0; e && depth < 5; depth++, e = e.cause as typeof e) {
    if (CODES.has(String(e.code)) || CODES.has(String(e.sqlState))) return true;
    if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
    // The AWS SDK's errors carry the store's HTTP answer (503 SlowDown, 500 InternalError).
    if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  }
  return false;
}
