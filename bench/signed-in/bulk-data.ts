import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Other customers' rows around the signed-in one, so every index the pages use has a tenant's
 * worth of entries to look through: `accounts` accounts with `perAccount` monthly invoices, the
 * older ones paid, and their current-account movements. Set-based SQL: through the service it
 * would take many minutes. The vouchers use point of sale 9 unless `pointOfSale` says otherwise,
 * which keeps another free for a bench's own calls.
 */
export async function fillTenant(em: EntityManager, tenantId: string, accounts: number, perAccount: number, opts: { pointOfSale?: number } = {}): Promise<void> {
  const sql = (query: string, params: unknown[]) => em.getConnection().execute(query, params as any[], 'run');
  await sql(
    `INSERT INTO accounts (tenant_id, number, holder_name, document_type, document_number)
     SELECT ?, 'B-' || lpad(g::text, 7, '0'), 'Cliente ' || g, 'DNI', (20000000 + g)::text FROM generate_series(1, ?::int) g`,
    [tenantId, accounts],
  );
  await sql(
    `INSERT INTO invoices (tenant_id, account_id, external_id, content_hash, type_code, point_of_sale, number, issue_date, period,
                           service_from, service_to, due_date, net_amount, vat_amount, total, paid_amount, recipient_name,
                           recipient_doc_type, recipient_doc_number, authorization_code, authorization_due_date, service_type, product)
     SELECT a.tenant_id, a.id, 'b-' || a.id || '-' || m, repeat('0', 64), 6, ?, a.id * ? + m + 1,
            p.start, to_char(p.start, 'YYYY-MM'), p.start, (p.start + interval '1 month' - interval '1 day')::date,
            p.start + 9, round(t.total / 1.21, 2), t.total - round(t.total / 1.21, 2), t.total,
            CASE WHEN m < ? - 1 THEN t.total ELSE 0 END, a.holder_name, 96, a.document_number,
            lpad((a.id * 100 + m)::text, 14, '7'), p.start + 10, 'Internet', 'Fibra 300 Mb'
     FROM accounts a
     CROSS JOIN generate_series(0, ? - 1) m
     CROSS JOIN LATERAL (SELECT (date_trunc('month', now()) - ((? - 1 - m) || ' months')::interval)::date AS start) p
     CROSS JOIN LATERAL (SELECT round((15000 + (a.id % 50) * 100) * power(1.025, m)::numeric, 2) AS total) t
     WHERE a.tenant_id = ? AND a.number LIKE 'B-%'`,
    [opts.pointOfSale ?? 9, perAccount, perAccount, perAccount, perAccount, tenantId],
  );
  await sql(
    `INSERT INTO invoice_payments (tenant_id, account_id, invoice_id, external_id, content_hash, paid_on, amount, method, collector)
     SELECT i.tenant_id, i.account_id, i.id, 'p-' || i.external_id, repeat('0', 64), i.due_date - (i.id % 5), i.total,
            (ARRAY['cash', 'cash', 'direct_debit', 'online'])[1 + i.id % 4], (ARRAY['Rapipago', 'Pago Fácil', 'Banco Galicia', 'Mercado Pago'])[1 + i.id % 4]
     FROM invoices i WHERE i.tenant_id = ? AND i.external_id LIKE 'b-%' AND i.paid_amount > 0`,
    [tenantId],
  );
  await sql(
    `INSERT INTO account_movements (tenant_id, account_id, external_id, content_hash, kind, movement_date, description, amount, invoice_id)
     SELECT tenant_id, account_id, 'm-' || external_id, repeat('0', 64), 'invoice', issue_date, 'Factura ' || period, total, id
     FROM invoices WHERE tenant_id = ? AND external_id LIKE 'b-%'`,
    [tenantId],
  );
  await sql(
    `INSERT INTO account_movements (tenant_id, account_id, external_id, content_hash, kind, movement_date, description, amount, payment_id)
     SELECT tenant_id, account_id, 'm-' || external_id, repeat('0', 64), 'payment', paid_on, 'Pago ' || collector, -amount, id
     FROM invoice_payments WHERE tenant_id = ? AND external_id LIKE 'p-b-%'`,
    [tenantId],
  );
  await sql(`ANALYZE accounts, invoices, invoice_payments, account_movements`, []);
}
