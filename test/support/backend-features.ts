/**
 * What a statement can do that PGlite and a PostgreSQL server answer differently, beyond the SQL
 * dialect: PGlite is one session that the wire server shares out a transaction at a time, so
 * anything about sessions, locks held against another session, waiting or notification is only
 * really exercised on the server.
 */
export type BackendFeature = 'concurrency' | 'advisory-lock' | 'copy' | 'notify' | 'job-queue' | 'timeout' | 'isolation' | 'session-control' | 'server-info';

const PATTERNS: [BackendFeature, RegExp][] = [
  // Transaction-level advisory locks are held as long as a transaction, which the concurrency check sees.
  ['advisory-lock', /\bpg_(try_)?advisory_(un)?lock(_shared)?\s*\(/i],
  ['copy', /^\s*copy\b/i],
  ['notify', /^\s*(listen|unlisten|notify)\s|;\s*(listen|unlisten|notify)\s|\bpg_notify\s*\(/im],
  ['job-queue', /\bpgboss\b/i],
  ['timeout', /\b(statement_timeout|lock_timeout|idle_in_transaction_session_timeout|idle_session_timeout|transaction_timeout)\b|\bpg_sleep/i],
  ['isolation', /\bisolation\s+level\b|\bset\s+transaction\b/i],
  ['session-control', /\bpg_(cancel|terminate)_backend\b|\bpg_stat_activity\b|\bpg_locks\b/i],
  ['server-info', /\bversion\s*\(\s*\)|\bserver_version\b|\bpg_settings\b|\bcurrent_setting\s*\(/i],
];

/** The features a statement's text shows, each with the text that showed it. */
export function backendFeatures(text: string): [BackendFeature, string][] {
  const found: [BackendFeature, string][] = [];
  for (const [feature, pattern] of PATTERNS) {
    const m = pattern.exec(text);
    if (m) found.push([feature, text.slice(Math.max(0, m.index - 40), m.index + 80).replace(/\s+/g, ' ')]);
  }
  return found;
}

/** Whether a statement changes rows or takes row locks (conservatively: by its words). */
export function isWrite(text: string): boolean {
  return /\b(insert|update|delete|merge|truncate|nextval|setval)\b|\bfor\s+(no\s+key\s+update|key\s+share|share)\b|^\s*(create|alter|drop|lock|copy|grant|revoke|comment|vacuum|analyze|reindex|cluster|refresh)\b/i.test(text);
}

/**
 * A statement with its literals taken out: MikroORM writes values into its statements, so one
 * query sent for a thousand rows is a thousand texts and one shape.
 */
export function shapeOf(text: string): string {
  return text
    .replace(/'(?:[^']|'')*'/g, "'?'")
    .replace(/\b\d+(\.\d+)?\b/g, '0')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A connection's part in what runs at once: statements in flight, and its open transaction. */
export interface Session {
  inFlight: number;
  inFlightWrites: number;
  inTransaction: boolean;
  transactionWrote: boolean;
  /** Its latest statement, to say what a conflict was with. */
  last: string;
}
const writes = (s: Session) => s.inFlightWrites > 0 || s.transactionWrote;
const active = (s: Session) => s.inFlight > 0 || s.inTransaction;

/**
 * PGlite runs one connection's exchange, or its whole transaction, before the next: what a
 * server runs interleaved, it runs in some serial order. Reads beside reads, and single
 * statements beside single statements when at most one writes, give a result some serial order
 * gives too. What remains can differ: two writers at once (row locks, conflicts), or a
 * transaction beside a writer (what its later statements see, what it waits for).
 */
export function conflicts(mine: Session, statementWrites: boolean, other: Session): boolean {
  const iWrite = statementWrites || mine.transactionWrote;
  if (!active(other)) return false;
  if (iWrite && writes(other)) return true;
  return (mine.inTransaction && writes(other)) || (other.inTransaction && iWrite);
}

