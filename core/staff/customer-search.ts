import type { FastifyRequest } from 'fastify';
import { likePattern } from './pagination.ts';

export interface CustomerSearchRow {
  accountId: number;
  number: string;
  holderName: string;
  document: string;
  email: string | null;
  customerId: number | null;
  customerName: string | null;
  locked: boolean;
}

/**
 * Accounts, since an account exists before its holder has a login (the access key creates it).
 * Matches the account number, holder or login name, document (dots and dashes ignored) and
 * either email, case-insensitively. Raw SQL: it names the tenant itself.
 */
export async function searchCustomers(request: FastifyRequest, q: string, page: number, pageSize: number): Promise<{ rows: CustomerSearchRow[]; total: number }> {
  const text = q.trim();
  const pattern = likePattern(text);
  const docPattern = likePattern(text.replace(/[^0-9A-Za-z]/g, ''));
  const rows = await request.em.getConnection().execute<{
    id: number; number: string; holder_name: string; document_type: string; document_number: string; account_email: string | null;
    customer_id: number | null; customer_name: string | null; customer_email: string | null; locked_at: Date | null; total: number | string;
  }[]>(
    `SELECT a.id, a.number, a.holder_name, a.document_type, a.document_number, a.email AS account_email,
            c.id AS customer_id, c.name AS customer_name, c.email AS customer_email, c.locked_at,
            count(*) OVER () AS total
     FROM accounts a
     LEFT JOIN customers c ON c.id = a.customer_id AND c.tenant_id = a.tenant_id
     WHERE a.tenant_id = ?
       AND (? = '' OR a.number ILIKE ? OR a.holder_name ILIKE ? OR a.email ILIKE ? OR c.name ILIKE ? OR c.email ILIKE ?
            OR (? <> '%%' AND regexp_replace(a.document_number, '[^0-9A-Za-z]', '', 'g') ILIKE ?))
     ORDER BY a.holder_name, a.number
     LIMIT ? OFFSET ?`,
    [request.tenant.id, text, pattern, pattern, pattern, pattern, pattern, docPattern, docPattern, pageSize, (page - 1) * pageSize],
  );
  return {
    total: rows.length ? Number(rows[0].total) : 0,
    rows: rows.map((r) => ({
      accountId: r.id,
      number: r.number,
      holderName: r.holder_name,
      document: `${r.document_type} ${r.document_number}`,
      email: r.customer_email ?? r.account_email,
      customerId: r.customer_id,
      customerName: r.customer_name,
      locked: Boolean(r.locked_at),
    })),
  };
}
