import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from '../../tenants/tenant.ts';
import { ApiError } from '../api-error.ts';
import { cursorColumn, iso, listQuerySchema, pageClause, pageSchema, toPage, type ListQuery } from '../list-page.ts';
import { externalIdParam, nullableText, problemSchema, providerId, sendUpsert, text, upsertResponses, withoutKey } from '../schemas.ts';

/** An account at the provider, keyed by the number printed on its invoices. */
export const accountSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['number', 'holderName', 'documentType', 'documentNumber'],
  properties: {
    number: providerId,
    holderName: text(255),
    documentType: { type: 'string', pattern: '^[A-Z]{2,8}$', description: 'DNI, CUIT, CUIL, LE, LC, PAS, CDI…' },
    documentNumber: { type: 'string', pattern: '^[0-9A-Za-z.-]{1,32}$' },
    email: { type: ['string', 'null'], format: 'email', maxLength: 255, description: 'Where first-access keys are sent.' },
    brandId: { ...nullableText(64), description: "One of the tenant's brands; the first one when null." },
    customerExternalId: { ...nullableText(64), description: 'The login holding the account; null detaches it, leaving it out keeps it.' },
  },
};

export interface AccountInput {
  number: string;
  holderName: string;
  documentType: string;
  documentNumber: string;
  email?: string | null;
  brandId?: string | null;
  customerExternalId?: string | null;
}

const accountView = {
  type: 'object',
  properties: {
    number: { type: 'string' },
    holderName: { type: 'string' },
    documentType: { type: 'string' },
    documentNumber: { type: 'string' },
    email: { type: ['string', 'null'] },
    brandId: { type: ['string', 'null'] },
    customerId: { type: ['integer', 'null'] },
    customerExternalId: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

const SELECT = `SELECT a.id, a.number, a.holder_name, a.document_type, a.document_number, a.email, a.brand_id, a.customer_id,
  c.external_id AS customer_external_id, a.created_at, a.updated_at, ${cursorColumn('a')}
  FROM accounts a LEFT JOIN customers c ON c.id = a.customer_id AND c.tenant_id = a.tenant_id
  WHERE a.tenant_id = ?`;

/** accounts as SELECT reads them. */
interface AccountRecord {
  id: number;
  number: string;
  holder_name: string;
  document_type: string;
  document_number: string;
  email: string | null;
  brand_id: string | null;
  customer_id: number | null;
  customer_external_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  cursor_at: string;
}

function view(r: AccountRecord) {
  return {
    number: r.number,
    holderName: r.holder_name,
    documentType: r.document_type,
    documentNumber: r.document_number,
    email: r.email,
    brandId: r.brand_id,
    customerId: r.customer_id,
    customerExternalId: r.customer_external_id,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function upsertAccount(em: EntityManager, tenant: Tenant, a: AccountInput): Promise<{ created: boolean; changed: boolean }> {
  if (a.brandId && !tenant.brands.some((b) => b.id === a.brandId)) {
    throw new ApiError(422, `brandId: no brand "${a.brandId}"`, [{ field: 'brandId', in: 'body', message: `is not one of ${tenant.brands.map((b) => b.id).join(', ')}` }]);
  }
  const conn = em.getConnection();
  const ctx: unknown = em.getTransactionContext();
  const keepCustomer = a.customerExternalId === undefined;
  let customerId: number | null = null;
  if (a.customerExternalId) {
    const [c] = await conn.execute<{ id: number }[]>(`SELECT id FROM customers WHERE tenant_id = ? AND external_id = ?`, [tenant.id, a.customerExternalId], 'all', ctx);
    if (!c) throw new ApiError(422, `customerExternalId: no customer "${a.customerExternalId}"`, [{ field: 'customerExternalId', in: 'body', message: 'is not a known customer' }]);
    customerId = c.id;
  }
  const rows = await conn.execute<{ inserted: boolean }[]>(
    `INSERT INTO accounts AS a (tenant_id, number, holder_name, document_type, document_number, email, brand_id, customer_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, number) DO UPDATE SET
       holder_name = EXCLUDED.holder_name, document_type = EXCLUDED.document_type, document_number = EXCLUDED.document_number,
       email = EXCLUDED.email, brand_id = EXCLUDED.brand_id, customer_id = ${keepCustomer ? 'a.customer_id' : 'EXCLUDED.customer_id'}
     WHERE (a.holder_name, a.document_type, a.document_number, a.email, a.brand_id${keepCustomer ? '' : ', a.customer_id'})
       IS DISTINCT FROM (EXCLUDED.holder_name, EXCLUDED.document_type, EXCLUDED.document_number, EXCLUDED.email, EXCLUDED.brand_id${keepCustomer ? '' : ', EXCLUDED.customer_id'})
     RETURNING (xmax = 0) AS inserted`,
    [tenant.id, a.number, a.holderName, a.documentType, a.documentNumber, a.email ?? null, a.brandId ?? null, customerId],
    'all',
    ctx,
  );
  return { created: Boolean(rows[0]?.inserted), changed: rows.length > 0 };
}

export async function accountRoutes(app: FastifyInstance): Promise<void> {
  app.put<{ Params: { number: string }; Body: Omit<AccountInput, 'number'> }>(
    '/accounts/:number',
    {
      config: { apiScope: 'accounts:write' },
      schema: {
        summary: 'Create or update an account by its number',
        params: externalIdParam('number', 'The account number, as printed on invoices.'),
        body: withoutKey(accountSchema, 'number'),
        response: upsertResponses(),
      },
    },
    async (request, reply) => {
      const { number } = request.params;
      return sendUpsert(reply, number, await upsertAccount(request.em, request.tenant, { ...request.body, number }));
    },
  );

  app.get<{ Querystring: ListQuery & { customer?: string } }>(
    '/accounts',
    {
      config: { apiScope: 'accounts:read' },
      schema: {
        summary: 'Accounts in change order',
        querystring: listQuerySchema({ customer: { type: 'string', maxLength: 64, description: "Only this customer's accounts (your id)." } }),
        response: { 200: pageSchema(accountView), 400: problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const page = pageClause(q, 'a');
      const rows = await request.em.getConnection().execute<AccountRecord[]>(
        `${SELECT}${q.customer ? ' AND c.external_id = ?' : ''}${page.where}${page.tail}`,
        [request.tenant.id, ...(q.customer ? [q.customer] : []), ...page.params],
      );
      return toPage(rows, q, view);
    },
  );

  app.get<{ Params: { number: string } }>(
    '/accounts/:number',
    { config: { apiScope: 'accounts:read' }, schema: { summary: 'One account by its number', params: externalIdParam('number'), response: { 200: accountView, 404: problemSchema } } },
    async (request) => {
      const [row] = await request.em.getConnection().execute<AccountRecord[]>(`${SELECT} AND a.number = ?`, [request.tenant.id, request.params.number]);
      if (!row) throw new ApiError(404, `no account "${request.params.number}"`);
      return view(row);
    },
  );
}
