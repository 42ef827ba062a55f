import type { CrossTenantQuery } from './tenant-condition.ts';

/**
 * Statements that read or write tenant-owned tables across every tenant on purpose, each with why.
 * Keep it short: anything a request of one tenant runs belongs to that tenant.
 */
export const CROSS_TENANT_QUERIES: CrossTenantQuery[] = [
  {
    match: /^\s*SELECT hostname, tenant_id FROM tenant_hostnames\s*$/,
    reason: 'a hostname belongs to one tenant of the whole install: the start and tenant reloads read every claim to refuse a hostname two tenants name',
  },
  {
    match: /FROM api_webhook_deliveries WHERE queued_at IS NULL AND status = 'pending'/,
    reason: 'the webhook relay hands every tenant\'s new deliveries to pg-boss; each delivery is signed and sent for its own tenant',
  },
  {
    match: /^\s*UPDATE api_webhook_deliveries SET (?:queued_at = now\(\) WHERE id IN \(|attempts = \S+, last_attempt_at = now\(\))/,
    reason: 'the webhook worker marks deliveries by the ids its own relay or pg-boss job carries, never ids from a request',
  },
  {
    match: /^SELECT d\.id, d\.tenant_id, d\.endpoint_id, .* FROM api_webhook_deliveries d JOIN api_webhook_endpoints e ON e\.id = d\.endpoint_id AND e\.tenant_id = d\.tenant_id WHERE d\.id = \S+$/,
    reason: 'a webhook job carries only its delivery id, written by the relay; the delivery row says the tenant, whose endpoint it joins',
  },
  {
    match: /^\s*UPDATE mail_outbox SET (?:status = 'sent'|attempts = \S+, last_error = )/,
    reason: 'the outbox worker sends every tenant\'s mail and records each message it claimed, by the id it claimed',
  },
  {
    match: /SELECT tenant_id, CASE status WHEN 'pending' THEN 'queued' ELSE status END AS state, count\(\*\) AS n FROM (?:mail_outbox|api_webhook_deliveries)/,
    reason: 'the /metrics queue gauges count queued and failed messages of every tenant, labelled by tenant, for the operator of the install',
  },
  {
    match: /^DELETE FROM (?:auth_tokens WHERE expires_at <= now\(\) - interval '7 days'|mail_outbox WHERE status = 'sent' AND sent_at <= now\(\) - interval '90 days')$/,
    reason: 'the hourly maintenance job drops expired sign-in tokens and old sent mail of every tenant by age alone',
  },
  {
    match: /^DELETE FROM sessions WHERE expires_at <= now\(\) OR created_at <= now\(\) - /,
    reason: 'the session sweep drops expired and idle sessions of every tenant by age alone',
  },
  {
    match: /^DELETE FROM form_submissions WHERE created_at <= now\(\) - /,
    reason: 'the hourly maintenance job drops form-resubmission tokens of every tenant after their 7 days',
  },
];
