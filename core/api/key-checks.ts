import { countHitSql } from '../http/rate-limit-store.ts';
import { scopesOf } from './api-keys.ts';
import { WriteGroup } from './write-group.ts';

type Execute = (sql: string, params: unknown[]) => Promise<unknown>;

/** One API call's key to check: its SHA-256 fingerprint, and the caller's address when its last use is due to be noted. */
export interface KeyCall {
  hash: string;
  touchIp: string | null;
  /** A connection of the call's own request; the first call's serves its group. */
  execute: Execute;
}

/** An active key of the tenant, with this call's place in the key's rate-limit window. */
export interface CheckedKey {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  rateLimit: number;
  /** Calls counted in the window up to and including this one. */
  hits: number;
  /** Milliseconds left in the window. */
  ttl: number;
}

interface Row {
  key_hash: string;
  id: number;
  name: string;
  prefix: string;
  scopes: string[] | string;
  rate_limit: number;
  calls: number;
  hits: number;
  ttl: number;
}

/** A key's `rate_limit` counts requests in windows of a minute. */
const WINDOW_MS = 60_000;
/** Bounds one statement when a backlog has built up. */
const MOST_PER_CHECK = 1000;

/**
 * The tenant's active keys among the fingerprints, each key's calls counted in one go, and last
 * uses noted where due — one statement. Keys are looked up, and their counters locked, in a fixed
 * order (fingerprints sorted by the caller, counters by key id), so that two portal processes
 * checking the same keys never deadlock. The counter and the note commit without waiting for the
 * disk (see countHitSql): a lost hit lets one call more through, a lost note is a minute's news.
 */
const CHECK_SQL = `WITH req AS (SELECT * FROM jsonb_to_recordset(?::jsonb) AS r(key_hash text, calls int, touch_ip text)),
  k AS (SELECT a.id, a.tenant_id, a.name, a.prefix, a.scopes, a.rate_limit, req.key_hash, req.calls, req.touch_ip
    FROM req JOIN api_keys a ON a.key_hash = req.key_hash::char(64) WHERE a.tenant_id = ? AND a.revoked_at IS NULL),
  hit AS (${countHitSql(`'rl:api:' || k.tenant_id || ':' || k.id`, { from: 'k', hits: 'k.calls', orderBy: 'k.id' })}),
  touch AS (UPDATE api_keys t SET last_used_at = now(), last_used_ip = k.touch_ip FROM k WHERE t.tenant_id = ? AND t.id = k.id AND k.touch_ip IS NOT NULL)
  SELECT k.key_hash, k.id, k.name, k.prefix, k.scopes, k.rate_limit, k.calls, hit.hits, hit.ttl FROM k JOIN hit ON hit.key = 'rl:api:' || k.tenant_id || ':' || k.id`;

/**
 * API key checks, group-committed per tenant (see WriteGroup): calls arriving while a check is out
 * go together in the next one, which counts each key's calls with a single update of its counter
 * row. Under load, concurrent calls of one key then share one statement and one row lock instead
 * of queueing for the row one by one. Every call is still checked by a statement sent after it
 * arrived, so a key revoked before the call is refused on every node, and the count stays the
 * one shared row per key that every process adds to: each call gets its own place in the window,
 * in arrival order, exactly as if counted alone.
 */
export class KeyChecks {
  readonly #tenants = new Map<string, WriteGroup<KeyCall, CheckedKey | null>>();

  /** The key of the call, or null for a key that is unknown, revoked or another tenant's. */
  check(tenantId: string, call: KeyCall): Promise<CheckedKey | null> {
    let group = this.#tenants.get(tenantId);
    if (!group) {
      group = new WriteGroup((calls) => checkGroup(tenantId, calls), { most: MOST_PER_CHECK });
      this.#tenants.set(tenantId, group);
    }
    return group.submit(call);
  }
}

async function checkGroup(tenantId: string, calls: KeyCall[]): Promise<(CheckedKey | null)[]> {
  const keys = new Map<string, { calls: number; touchIp: string | null }>();
  for (const call of calls) {
    const key = keys.get(call.hash) ?? { calls: 0, touchIp: null };
    key.calls++;
    key.touchIp ??= call.touchIp;
    keys.set(call.hash, key);
  }
  const hashes = [...keys.keys()].sort();
  const req = JSON.stringify(hashes.map((h) => ({ key_hash: h, calls: keys.get(h)!.calls, touch_ip: keys.get(h)!.touchIp })));
  const rows = (await calls[0].execute(CHECK_SQL, [req, tenantId, WINDOW_MS, tenantId])) as Row[];
  const found = new Map(rows.map((r) => [r.key_hash, r]));
  const placed = new Map<string, number>();
  return calls.map((call) => {
    const row = found.get(call.hash);
    if (!row) return null;
    // The key's count after the whole group, less its calls after this one.
    const place = (placed.get(call.hash) ?? 0) + 1;
    placed.set(call.hash, place);
    return {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      scopes: scopesOf(row.scopes),
      rateLimit: row.rate_limit,
      hits: Number(row.hits) - Number(row.calls) + place,
      ttl: Math.max(0, Number(row.ttl)),
    };
  });
}
