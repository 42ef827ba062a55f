import { join } from 'node:path';
import pg from 'pg';
import { REPO_ROOT, Catalog } from 'portal/testing';
import { LOCALES } from 'portal/sdk';
import { statementCsv } from '../exports/csv.ts';
import type { StatementExport } from '../exports/statement-export.ts';
import { statementXlsx } from '../exports/xlsx.ts';
import { presentMovement } from '../view-models/movement-row.ts';
import type { Translate } from '../view-models/translate.ts';
import { statementRows, type MovementRow, type StatementFilter } from '../data/statement.ts';
import { exportLabels } from '../routes/exports.ts';
import { BENCH_TENANT, benchDatabaseName } from './bulk-data.ts';
import { pgSql, textDates } from './pg-sql.ts';

export interface XlsxBenchResult {
  movements: number;
  /** Where the rows came from: the bench database (query timed too) or memory. */
  source: 'postgresql' | 'memory';
  queryMs: number | null;
  xlsxMs: number;
  xlsxBytes: number;
  csvMs: number;
}

const FILTER: StatementFilter = { from: null, to: null, order: 'desc' };

/**
 * The statement download of an account with `movements` movements: the query with its running
 * balance (when a bench database is given), then the XLSX file, median of three runs; the CSV
 * beside it for scale.
 */
export async function benchStatementXlsx(options: { movements?: number; serverUrl?: string; database?: string } = {}): Promise<XlsxBenchResult> {
  const movements = options.movements ?? 10_000;
  const catalog = new Catalog([{ dir: join(REPO_ROOT, 'core/locales') }, { dir: join(REPO_ROOT, 'plugins/invoices/locales'), prefix: 'invoices' }], LOCALES);
  const t: Translate = (key, params) => catalog.t('es-AR', key, params);
  const fromDb = options.serverUrl ? await rowsFromDatabase(options.serverUrl, options.database ?? benchDatabaseName(100_000, 24), movements) : null;
  const rows = fromDb?.rows ?? syntheticRows(movements);
  const data: StatementExport = {
    brandName: 'Red Bench Internet', accountNumber: 'BENCH-XLSX', holderName: 'Cliente Bench', filter: FILTER,
    balance: rows[0]?.balance ?? '0.00', generatedAt: '14/01/2025 10:00', movements: [], labels: exportLabels(t),
  };
  const xlsxTimes: number[] = [];
  const csvTimes: number[] = [];
  let bytes = 0;
  for (let run = 0; run < 3; run++) {
    let start = performance.now();
    const file = await statementXlsx({ ...data, movements: rows.map((r) => presentMovement(r, t)) });
    xlsxTimes.push(performance.now() - start);
    bytes = file.length;
    start = performance.now();
    statementCsv({ ...data, movements: rows.map((r) => presentMovement(r, t)) });
    csvTimes.push(performance.now() - start);
  }
  return { movements: rows.length, source: fromDb ? 'postgresql' : 'memory', queryMs: fromDb?.queryMs ?? null, xlsxMs: median(xlsxTimes), xlsxBytes: bytes, csvMs: median(csvTimes) };
}

/** An account of the bench tenant with `count` movements, created on first use; null when the bench database is not there yet. */
async function rowsFromDatabase(serverUrl: string, database: string, count: number): Promise<{ rows: MovementRow[]; queryMs: number } | null> {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2, types: textDates });
  try {
    const sql = pgSql(pool);
    const [ready] = await sql<{ ok: boolean }>(`SELECT to_regclass('account_movements') IS NOT NULL AS ok`).catch(() => [{ ok: false }]);
    if (!ready.ok) return null;
    let [account] = await sql<{ id: number }>(`SELECT id FROM accounts WHERE tenant_id = ? AND number = 'BENCH-XLSX'`, [BENCH_TENANT]);
    account ??= (await sql<{ id: number }>(`INSERT INTO accounts (tenant_id, number, holder_name, document_type, document_number) VALUES (?, 'BENCH-XLSX', 'Cliente Bench', 'DNI', '30123456') RETURNING id`, [BENCH_TENANT]))[0];
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM account_movements WHERE account_id = ?`, [account.id]);
    if (n < count) {
      await sql(
        `INSERT INTO account_movements (tenant_id, account_id, external_id, content_hash, kind, movement_date, description, amount)
         SELECT ?, ?, 'xlsx-' || g, repeat('0', 64), CASE WHEN g % 2 = 0 THEN 'debit_note' ELSE 'adjustment' END,
                date '2000-01-01' + (g / 3), 'Movimiento de prueba ' || g, CASE WHEN g % 2 = 0 THEN 1500.25 ELSE -1499.75 END
         FROM generate_series(?::int, ?::int) g`,
        [BENCH_TENANT, account.id, n + 1, count],
      );
    }
    const started = performance.now();
    const rows = await statementRows(sql, BENCH_TENANT, account.id, FILTER);
    return { rows, queryMs: performance.now() - started };
  } finally {
    await pool.end();
  }
}

function syntheticRows(count: number): MovementRow[] {
  let balance = 0;
  const rows: MovementRow[] = [];
  for (let i = 0; i < count; i++) {
    const amount = i % 2 === 0 ? 150025 : -149975;
    balance += amount;
    const day = new Date(Date.UTC(2000, 0, 1 + Math.floor(i / 3))).toISOString().slice(0, 10);
    rows.push({
      id: i + 1, kind: i % 2 === 0 ? 'debit_note' : 'adjustment', movement_date: day, description: `Movimiento de prueba ${i}`,
      amount: (amount / 100).toFixed(2), balance: (balance / 100).toFixed(2), invoice_id: null, type_code: null, point_of_sale: null,
      number: null, cancelled: null, method: null, collector: null,
    });
  }
  return rows.reverse();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}
