import pg from 'pg';
import { pgSql } from './pg-sql.ts';
import type { Sql } from '../data/sql.ts';

export const BENCH_TENANT = 'invbench';

/** The three tables the fill writes millions of rows into; their secondary indexes are built after. */
const BIG_TABLES = ['invoices', 'invoice_payments', 'account_movements'];

export interface FillRecord {
  accounts: number;
  perAccount: number;
  invoices: number;
  payments: number;
  movements: number;
  seconds: number;
  filledAt: string;
}

/** One database per size, so each size's tables hold exactly that size and a filled one is reused. */
export function benchDatabaseName(accounts: number, perAccount: number): string {
  return `portal_bench_invoices_${accounts}x${perAccount}`;
}

/**
 * The fill record of a database filled to completion, or null when there is none. The record is
 * written last, so a fill cut short (its secondary indexes dropped, rows half written) is never
 * taken for a finished one; the account count and the planner's row estimates are checked too.
 */
export async function completedFill(databaseUrl: string, accounts: number, perAccount: number): Promise<FillRecord | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect().catch(() => null);
  try {
    const { rows: [ready] } = await client.query<{ ok: boolean }>(`SELECT to_regclass('bench_fill') IS NOT NULL AS ok`);
    if (!ready.ok) return null;
    const { rows: [rec] } = await client.query<{ invoices: string; payments: string; movements: string; seconds: number; filled_at: Date }>(
      `SELECT accounts, per_account, invoices, payments, movements, seconds, filled_at FROM bench_fill WHERE accounts = $1 AND per_account = $2`,
      [accounts, perAccount],
    );
    if (!rec) return null;
    const { rows: [{ n }] } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM accounts WHERE tenant_id = $1 AND number LIKE 'B-%'`, [BENCH_TENANT]);
    const { rows: [{ est }] } = await client.query<{ est: string }>(`SELECT reltuples::bigint AS est FROM pg_class WHERE oid = 'invoices'::regclass`);
    if (n !== accounts || Number(est) < 0.95 * Number(rec.invoices)) return null;
    return {
      accounts, perAccount, invoices: Number(rec.invoices), payments: Number(rec.payments), movements: Number(rec.movements),
      seconds: Number(rec.seconds), filledAt: new Date(rec.filled_at).toISOString(),
    };
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `accounts` accounts with `perAccount` monthly invoices each, their payments and the statement's
 * movements, written by set-based SQL on the server (generate_series), because millions of rows
 * through the service would take hours. The last two periods of each account are unpaid, the rest
 * paid once at a rotating collector, so the list's payment lookup has real work. Meant for a fresh
 * database: the big tables' secondary indexes and unique constraints are dropped, the rows written,
 * then each index rebuilt from its own definition (one sort instead of millions of inserts into
 * it), and foreign-key triggers are off for the fill's session since every row is generated
 * consistent. Every account of the tenant gets invoices, the signed-in customer's (seeded first) too.
 */
export async function fillBenchData(databaseUrl: string, accounts: number, perAccount: number, log: (line: string) => void): Promise<FillRecord> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, idleTimeoutMillis: 0 });
  const sql = pgSql(pool);
  const started = Date.now();
  const step = async (label: string, work: () => Promise<unknown>) => {
    const t = Date.now();
    await work();
    log(`  ${label}: ${((Date.now() - t) / 1000).toFixed(0)} s`);
  };
  try {
    await sql(`SET session_replication_role = replica`);
    await sql(`SET maintenance_work_mem = '512MB'`);
    await sql(`SET synchronous_commit = off`);
    const rebuild = await dropSecondaryIndexes(sql);
    log(`filling ${accounts.toLocaleString('en-US')} accounts × ${perAccount} invoices (secondary indexes dropped, rebuilt after)…`);
    await step('accounts', () =>
      sql(
        `INSERT INTO accounts (tenant_id, number, holder_name, document_type, document_number)
         SELECT ?, 'B-' || lpad(g::text, 7, '0'), 'Cliente ' || g, 'DNI', (20000000 + g)::text
         FROM generate_series(1, ?::int) g`,
        [BENCH_TENANT, accounts],
      ),
    );
    // One statement per month, oldest first, as the monthly billing runs would write them: an
    // account's invoices lie on 24 different pages of the table, not side by side.
    for (let m = 0; m < perAccount; m++) {
      await step(`invoices of month ${m + 1}/${perAccount}`, () =>
        sql(
          `INSERT INTO invoices (tenant_id, account_id, external_id, content_hash, type_code, point_of_sale, number, issue_date, period,
                                 service_from, service_to, due_date, net_amount, vat_amount, total, paid_amount, recipient_name,
                                 recipient_doc_type, recipient_doc_number, authorization_code, authorization_due_date, service_type, product)
           SELECT a.tenant_id, a.id, 'b-' || a.id || '-' || ?::int, repeat('0', 64), 6, 8, a.id * ? + ? + 1,
                  p.start, p.period, p.start, p.service_to, p.start + 9, round(t.total / 1.21, 2), t.total - round(t.total / 1.21, 2), t.total,
                  CASE WHEN ? < ? - 2 THEN t.total ELSE 0 END, a.holder_name, 96, a.document_number,
                  lpad((a.id * 100 + ?)::text, 14, '7'), p.start + 10, 'Internet', 'Fibra 300 Mb'
           FROM (SELECT start, to_char(start, 'YYYY-MM') AS period, (start + interval '1 month' - interval '1 day')::date AS service_to
                 FROM (SELECT (date_trunc('month', now()) - make_interval(months => ? - 1 - ?))::date AS start) s) p
           CROSS JOIN accounts a
           CROSS JOIN LATERAL (SELECT round((15000 + (a.id % 50) * 100) * ?::numeric, 2) AS total) t
           WHERE a.tenant_id = ?`,
          [m, perAccount, m, m, perAccount, m, perAccount, m, (1.025 ** m).toFixed(12), BENCH_TENANT],
        ),
      );
    }
    await step('payments', () =>
      sql(
        `INSERT INTO invoice_payments (tenant_id, account_id, invoice_id, external_id, content_hash, paid_on, amount, method, collector)
         SELECT i.tenant_id, i.account_id, i.id, 'p-' || i.external_id, repeat('0', 64), i.due_date - (i.id % 5), i.total,
                (ARRAY['cash', 'cash', 'direct_debit', 'online'])[1 + i.id % 4], (ARRAY['Rapipago', 'Pago Fácil', 'Banco Galicia', 'Mercado Pago'])[1 + i.id % 4]
         FROM invoices i WHERE i.tenant_id = ? AND i.paid_amount > 0`,
        [BENCH_TENANT],
      ),
    );
    // One movement per invoice and per payment, as the import writes them: the statement's rows.
    await step('movements of invoices', () =>
      sql(
        `INSERT INTO account_movements (tenant_id, account_id, content_hash, kind, movement_date, amount, invoice_id)
         SELECT tenant_id, account_id, content_hash, 'invoice', issue_date, total, id FROM invoices WHERE tenant_id = ?`,
        [BENCH_TENANT],
      ),
    );
    await step('movements of payments', () =>
      sql(
        `INSERT INTO account_movements (tenant_id, account_id, content_hash, kind, movement_date, amount, payment_id)
         SELECT tenant_id, account_id, content_hash, 'payment', paid_on, -amount, id FROM invoice_payments WHERE tenant_id = ?`,
        [BENCH_TENANT],
      ),
    );
    for (const { name, create } of rebuild) await step(`index ${name}`, () => sql(create));
    await step('analyze', () => sql(`ANALYZE accounts`));
    await vacuumBigTables(sql, log);
    const [counts] = await sql<{ invoices: string; payments: string; movements: string }>(
      `SELECT (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM invoice_payments) AS payments, (SELECT count(*) FROM account_movements) AS movements`,
    );
    const record: FillRecord = {
      accounts, perAccount, invoices: Number(counts.invoices), payments: Number(counts.payments), movements: Number(counts.movements),
      seconds: Math.round((Date.now() - started) / 1000), filledAt: new Date().toISOString(),
    };
    await sql(`CREATE TABLE IF NOT EXISTS bench_fill (accounts int, per_account int, invoices bigint, payments bigint, movements bigint, seconds int, filled_at timestamptz)`);
    await sql(`INSERT INTO bench_fill VALUES (?, ?, ?, ?, ?, ?, ?)`, [accounts, perAccount, record.invoices, record.payments, record.movements, record.seconds, record.filledAt]);
    return record;
  } finally {
    await pool.end();
  }
}

/**
 * A production database has had autovacuum over these tables long since; a freshly filled one
 * has not, and its index-only scans would still visit the heap for every row. Vacuums each big
 * table never vacuumed yet (after a fill, or a reused fill from before this step existed).
 */
export async function vacuumBigTables(sql: Sql, log: (line: string) => void): Promise<void> {
  const due = await sql<{ relname: string }>(
    `SELECT relname FROM pg_stat_user_tables WHERE relname IN (?) AND last_vacuum IS NULL AND last_autovacuum IS NULL ORDER BY relname`,
    [BIG_TABLES],
  );
  for (const { relname } of due) {
    const t = Date.now();
    await sql(`VACUUM (ANALYZE) ${relname}`);
    log(`  vacuum ${relname}: ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
}

/** Drops every index of the big tables but their primary keys, and returns how to build each again. */
async function dropSecondaryIndexes(sql: Sql): Promise<{ name: string; create: string }[]> {
  const found = await sql<{ name: string; tbl: string; constraint_name: string | null; def: string }>(
    `SELECT c.relname AS name, t.relname AS tbl, con.conname AS constraint_name,
            CASE WHEN con.oid IS NULL THEN pg_get_indexdef(x.indexrelid) ELSE pg_get_constraintdef(con.oid) END AS def
     FROM pg_index x
     JOIN pg_class c ON c.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid
     LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.contype = 'u'
     WHERE t.relname IN (?) AND t.relnamespace = 'public'::regnamespace AND NOT x.indisprimary
     ORDER BY t.relname, c.relname`,
    [BIG_TABLES],
  );
  const rebuild: { name: string; create: string }[] = [];
  for (const r of found) {
    if (r.constraint_name) {
      await sql(`ALTER TABLE ${r.tbl} DROP CONSTRAINT ${r.constraint_name}`);
      rebuild.push({ name: r.constraint_name, create: `ALTER TABLE ${r.tbl} ADD CONSTRAINT ${r.constraint_name} ${r.def}` });
    } else {
      await sql(`DROP INDEX ${r.name}`);
      rebuild.push({ name: r.name, create: r.def });
    }
  }
  return rebuild;
}
