import type { Sql } from '../service/sql.ts';

export const BENCH_TENANT = 'invbench';

/**
 * `accounts` accounts with `perAccount` monthly invoices each, written by set-based SQL on the
 * server (generate_series), because 2.4 million rows through the service would take hours. The
 * last two periods of each account are unpaid, the rest paid once at a rotating collector, so the
 * list's payment lookup has real work. Accounts that already have invoices are left alone, so
 * the data survives between runs.
 */
export async function ensureBulkInvoices(sql: Sql, accounts: number, perAccount: number, log: (line: string) => void): Promise<void> {
  const [{ n: have }] = await sql(`SELECT count(*)::int AS n FROM accounts WHERE tenant_id = ? AND number LIKE 'B-%'`, [BENCH_TENANT]);
  if (have < accounts) {
    log(`creating ${accounts - have} accounts…`);
    await sql(
      `INSERT INTO accounts (tenant_id, number, holder_name, document_type, document_number)
       SELECT ?, 'B-' || lpad(g::text, 7, '0'), 'Cliente ' || g, 'DNI', (20000000 + g)::text
       FROM generate_series(?::int, ?::int) g`,
      [BENCH_TENANT, have + 1, accounts],
    );
  }
  const [{ n: missing }] = await sql(
    `SELECT count(*)::int AS n FROM accounts a WHERE a.tenant_id = ? AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.account_id = a.id)`,
    [BENCH_TENANT],
  );
  if (missing === 0) return;
  const started = Date.now();
  log(`writing ${perAccount} invoices for each of ${missing} accounts…`);
  await sql(
    `INSERT INTO invoices (tenant_id, account_id, external_id, content_hash, type_code, point_of_sale, number, issue_date, period,
                           service_from, service_to, due_date, net_amount, vat_amount, total, paid_amount, recipient_name,
                           recipient_doc_type, recipient_doc_number, authorization_code, authorization_due_date, service_type, product)
     SELECT a.tenant_id, a.id, 'b-' || a.id || '-' || m, repeat('0', 64), 6, 8, a.id * ? + m + 1,
            p.start, to_char(p.start, 'YYYY-MM'), p.start, (p.start + interval '1 month' - interval '1 day')::date,
            p.start + 9, round(t.total / 1.21, 2), t.total - round(t.total / 1.21, 2), t.total,
            CASE WHEN m < ? - 2 THEN t.total ELSE 0 END, a.holder_name, 96, a.document_number,
            lpad((a.id * 100 + m)::text, 14, '7'), p.start + 10, 'Internet', 'Fibra 300 Mb'
     FROM accounts a
     CROSS JOIN generate_series(0, ? - 1) m
     CROSS JOIN LATERAL (SELECT (date_trunc('month', now()) - ((? - 1 - m) || ' months')::interval)::date AS start) p
     CROSS JOIN LATERAL (SELECT round((15000 + (a.id % 50) * 100) * power(1.025, m)::numeric, 2) AS total) t
     WHERE a.tenant_id = ? AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.account_id = a.id)`,
    [perAccount, perAccount, perAccount, perAccount, BENCH_TENANT],
  );
  log(`  invoices in ${((Date.now() - started) / 1000).toFixed(0)} s; writing payments…`);
  await sql(
    `INSERT INTO invoice_payments (tenant_id, account_id, invoice_id, external_id, content_hash, paid_on, amount, method, collector)
     SELECT i.tenant_id, i.account_id, i.id, 'p-' || i.external_id, repeat('0', 64), i.due_date - (i.id % 5), i.total,
            (ARRAY['cash', 'cash', 'direct_debit', 'online'])[1 + i.id % 4], (ARRAY['Rapipago', 'Pago Fácil', 'Banco Galicia', 'Mercado Pago'])[1 + i.id % 4]
     FROM invoices i
     WHERE i.tenant_id = ? AND i.paid_amount > 0 AND NOT EXISTS (SELECT 1 FROM invoice_payments p WHERE p.invoice_id = i.id)`,
    [BENCH_TENANT],
  );
  await sql(`ANALYZE accounts, invoices, invoice_payments`);
  log(`  done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
