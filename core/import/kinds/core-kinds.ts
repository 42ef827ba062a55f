import type { ImportKind, RowProblem } from '../import-kind.ts';
import { problemsOf, unknownAccounts } from '../sql-checks.ts';
import { customerSchema } from '../../api/resources/customers.ts';
import { accountSchema } from '../../api/resources/accounts.ts';
import { serviceSchema } from '../../api/resources/services.ts';
import { upsertCounts } from '../upsert-counts.ts';

const nul = (v: unknown) => (v === undefined ? null : v);

const customers: ImportKind = {
  kind: 'customers',
  description: 'Customer logins by your id (no passwords: they get an access key or reset one).',
  schema: customerSchema,
  staging: 'external_id varchar(64), name varchar(255), email varchar(255), phone varchar(64), mobile varchar(64), address varchar(255), locale varchar(8)',
  key: 'external_id',
  prepare: (rows) => ({
    rows: rows.map(({ row, value: c }) => ({ row, values: [c.externalId, c.name, nul(c.email), nul(c.phone), nul(c.mobile), nul(c.address), nul(c.locale)] })),
    problems: [],
  }),
  check: (ctx) =>
    problemsOf(
      ctx,
      `SELECT s.row_no, 'email' AS field, 'is already used by another customer' AS reason
       FROM import_stage s JOIN customers c ON c.tenant_id = $1 AND lower(c.email) = lower(s.email) AND c.external_id IS DISTINCT FROM s.external_id
       UNION ALL
       SELECT row_no, 'email', 'is the same as on row ' || first FROM (
         SELECT row_no, first_value(row_no) OVER (PARTITION BY lower(email) ORDER BY row_no) AS first FROM import_stage WHERE email IS NOT NULL) d
       WHERE row_no <> first`,
    ),
  apply: async (ctx) =>
    upsertCounts(
      await ctx.query(
        `INSERT INTO customers AS c (tenant_id, external_id, name, email, phone, mobile, address, locale)
         SELECT $1, external_id, name, email, phone, mobile, address, locale FROM import_stage
         ON CONFLICT (tenant_id, external_id) DO UPDATE SET
           name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone, mobile = EXCLUDED.mobile,
           address = EXCLUDED.address, locale = EXCLUDED.locale,
           email_verified_at = CASE WHEN lower(c.email) IS NOT DISTINCT FROM lower(EXCLUDED.email) THEN c.email_verified_at END
         WHERE (c.name, c.email, c.phone, c.mobile, c.address, c.locale)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.phone, EXCLUDED.mobile, EXCLUDED.address, EXCLUDED.locale)
         RETURNING (xmax = 0) AS inserted`,
        [ctx.tenant.id],
      ),
    ),
};

const accounts: ImportKind = {
  kind: 'accounts',
  description: 'Accounts by number, with the holder and the login (customerExternalId) that holds each.',
  schema: accountSchema,
  staging:
    'number varchar(64), holder_name varchar(255), document_type varchar(8), document_number varchar(32), email varchar(255), brand_id varchar(64), customer_external_id varchar(64), sets_customer boolean',
  key: 'number',
  prepare: (rows, ctx) => {
    const brands = new Set(ctx.tenant.brands.map((b) => b.id));
    const problems: RowProblem[] = [];
    const out = [];
    for (const { row, value: a } of rows) {
      if (a.brandId && !brands.has(a.brandId as string)) problems.push({ row, field: 'brandId', reason: `is not one of ${[...brands].join(', ')}` });
      else out.push({ row, values: [a.number, a.holderName, a.documentType, a.documentNumber, nul(a.email), nul(a.brandId), nul(a.customerExternalId), 'customerExternalId' in a] });
    }
    return { rows: out, problems };
  },
  check: (ctx) =>
    problemsOf(
      ctx,
      `SELECT s.row_no, 'customerExternalId' AS field, 'is not a known customer' AS reason FROM import_stage s
       WHERE s.customer_external_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = $1 AND c.external_id = s.customer_external_id)`,
    ),
  apply: async (ctx) =>
    upsertCounts(
      await ctx.query(
        `INSERT INTO accounts AS a (tenant_id, number, holder_name, document_type, document_number, email, brand_id, customer_id)
         SELECT $1, s.number, s.holder_name, s.document_type, s.document_number, s.email, s.brand_id,
                CASE WHEN s.sets_customer THEN c.id ELSE ex.customer_id END
         FROM import_stage s
         LEFT JOIN customers c ON c.tenant_id = $1 AND c.external_id = s.customer_external_id
         LEFT JOIN accounts ex ON ex.tenant_id = $1 AND ex.number = s.number
         ON CONFLICT (tenant_id, number) DO UPDATE SET
           holder_name = EXCLUDED.holder_name, document_type = EXCLUDED.document_type, document_number = EXCLUDED.document_number,
           email = EXCLUDED.email, brand_id = EXCLUDED.brand_id, customer_id = EXCLUDED.customer_id
         WHERE (a.holder_name, a.document_type, a.document_number, a.email, a.brand_id, a.customer_id)
           IS DISTINCT FROM (EXCLUDED.holder_name, EXCLUDED.document_type, EXCLUDED.document_number, EXCLUDED.email, EXCLUDED.brand_id, EXCLUDED.customer_id)
         RETURNING (xmax = 0) AS inserted`,
        [ctx.tenant.id],
      ),
    ),
};

const services: ImportKind = {
  kind: 'services',
  description: 'Contracted services by your id, each on an account number.',
  schema: serviceSchema,
  staging: 'external_id varchar(64), account_number varchar(64), kind varchar(32), plan varchar(255), address varchar(255), status varchar(16)',
  key: 'external_id',
  prepare: (rows) => ({
    rows: rows.map(({ row, value: s }) => ({ row, values: [s.externalId, s.accountNumber, s.kind, s.plan, nul(s.address), s.status] })),
    problems: [],
  }),
  check: (ctx) => unknownAccounts(ctx),
  apply: async (ctx) =>
    upsertCounts(
      await ctx.query(
        `INSERT INTO account_services AS x (tenant_id, account_id, external_id, kind, plan, address, status)
         SELECT $1, a.id, s.external_id, s.kind, s.plan, s.address, s.status
         FROM import_stage s JOIN accounts a ON a.tenant_id = $1 AND a.number = s.account_number
         ON CONFLICT (tenant_id, external_id) DO UPDATE SET
           account_id = EXCLUDED.account_id, kind = EXCLUDED.kind, plan = EXCLUDED.plan, address = EXCLUDED.address, status = EXCLUDED.status
         WHERE (x.account_id, x.kind, x.plan, x.address, x.status) IS DISTINCT FROM (EXCLUDED.account_id, EXCLUDED.kind, EXCLUDED.plan, EXCLUDED.address, EXCLUDED.status)
         RETURNING (xmax = 0) AS inserted`,
        [ctx.tenant.id],
      ),
    ),
};

export const coreImportKinds: ImportKind[] = [customers, accounts, services];
