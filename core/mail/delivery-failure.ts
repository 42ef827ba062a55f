/**
 * Whether an SMTP server refused a message for good (5xx: no such mailbox, rejected content):
 * retrying would only repeat the refusal, so the outbox marks it failed at once. Anything else
 * (4xx, refused or dropped connection, timeout) may pass later and is retried with backoff.
 */
export function isPermanentFailure(err: unknown): boolean {
  const code = Number((err as { responseCode?: unknown } | null)?.responseCode);
  return code >= 500 && code < 600;
}
