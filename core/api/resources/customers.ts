import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiError } from '../api-error.ts';
import { cursorColumn, iso, listQuerySchema, pageClause, pageSchema, toPage, type ListQuery } from '../list-page.ts';
import { externalIdParam, nullableText, problemSchema, providerId, sendUpsert, text, upsertResponses, withoutKey } from '../schemas.ts';

/** A login of the provider's customer, as the provider loads it; the key is the provider's own id. */
export const customerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['externalId', 'name'],
  properties: {
    externalId: providerId,
    name: text(255),
    email: { type: ['string', 'null'], format: 'email', maxLength: 255, description: 'Unique in the tenant; a changed address must be verified again.' },
    phone: nullableText(64),
    mobile: nullableText(64),
    address: nullableText(255),
    locale: { enum: ['es-AR', 'en', null] },
  },
};

export interface CustomerInput {
  externalId: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  mobile?: string | null;
  address?: string | null;
  locale?: string | null;
}

const customerView = {
  type: 'object',
  properties: {
    id: { type: 'integer', description: "The portal's id; customers who registered themselves have no externalId." },
    externalId: { type: ['string', 'null'] },
    name: { type: 'string' },
    email: { type: ['string', 'null'] },
    phone: { type: ['string', 'null'] },
    mobile: { type: ['string', 'null'] },
    address: { type: ['string', 'null'] },
    locale: { type: ['string', 'null'] },
    emailVerified: { type: 'boolean' },
    locked: { type: 'boolean' },
    accounts: { type: 'array', items: { type: 'string' }, description: 'Numbers of the accounts this login holds.' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

const SELECT = `SELECT c.id, c.external_id, c.name, c.email, c.phone, c.mobile, c.address, c.locale,
  c.email_verified_at IS NOT NULL AS email_verified, c.locked_at IS NOT NULL AS locked, c.created_at, c.updated_at, ${cursorColumn('c')},
  ARRAY(SELECT a.number FROM accounts a WHERE a.customer_id = c.id AND a.tenant_id = c.tenant_id ORDER BY a.number) AS accounts
  FROM customers c WHERE c.tenant_id = ?`;

/** customers as SELECT reads them. */
interface CustomerRecord {
  id: number;
  external_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  address: string | null;
  locale: string | null;
  email_verified: boolean;
  locked: boolean;
  accounts: string[] | null;
  created_at: Date | string;
  updated_at: Date | string;
  cursor_at: string;
}

function view(r: CustomerRecord) {
  return {
    id: r.id,
    externalId: r.external_id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    mobile: r.mobile,
    address: r.address,
    locale: r.locale,
    emailVerified: Boolean(r.email_verified),
    locked: Boolean(r.locked),
    accounts: r.accounts ?? [],
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/**
 * Upserts by the provider's id. Only a real change is written (so `updated_since` stays quiet on
 * a nightly full upload), and a changed email is no longer verified.
 */
export async function upsertCustomer(em: EntityManager, tenantId: string, c: CustomerInput): Promise<{ created: boolean; changed: boolean }> {
  try {
    const rows = await em.getConnection().execute<{ inserted: boolean }[]>(
      `INSERT INTO customers AS c (tenant_id, external_id, name, email, phone, mobile, address, locale) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, external_id) DO UPDATE SET
         name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone, mobile = EXCLUDED.mobile,
         address = EXCLUDED.address, locale = EXCLUDED.locale,
         email_verified_at = CASE WHEN lower(c.email) IS NOT DISTINCT FROM lower(EXCLUDED.email) THEN c.email_verified_at END
       WHERE (c.name, c.email, c.phone, c.mobile, c.address, c.locale)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.phone, EXCLUDED.mobile, EXCLUDED.address, EXCLUDED.locale)
       RETURNING (xmax = 0) AS inserted`,
      [tenantId, c.externalId, c.name, c.email ?? null, c.phone ?? null, c.mobile ?? null, c.address ?? null, c.locale ?? null],
      'all',
      em.getTransactionContext<unknown>(),
    );
    return { created: Boolean(rows[0]?.inserted), changed: rows.length > 0 };
  } catch (err) {
    if ((err as { constraint?: string }).constraint === 'customers_tenant_email' || /customers_tenant_email/.test(String((err as Error).message))) {
      throw new ApiError(409, 'email: already used by another customer', [{ field: 'email', in: 'body', message: 'is already used by another customer' }]);
    }
    throw err;
  }
}

export async function customerRoutes(app: FastifyInstance): Promise<void> {
  app.put<{ Params: { externalId: string }; Body: Omit<CustomerInput, 'externalId'> }>(
    '/customers/:externalId',
    {
      config: { apiScope: 'customers:write' },
      schema: { summary: 'Create or update a customer login by your id', params: externalIdParam(), body: withoutKey(customerSchema, 'externalId'), response: upsertResponses() },
    },
    async (request, reply) => {
      const { externalId } = request.params;
      const result = await upsertCustomer(request.em, request.tenant.id, { ...request.body, externalId });
      return sendUpsert(reply, externalId, result);
    },
  );

  app.get<{ Querystring: ListQuery & { email?: string } }>(
    '/customers',
    {
      config: { apiScope: 'customers:read' },
      schema: {
        summary: 'Customers in change order (self-registered ones included)',
        querystring: listQuerySchema({ email: { type: 'string', maxLength: 255, description: 'Exact address, any case.' } }),
        response: { 200: pageSchema(customerView), 400: problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const page = pageClause(q, 'c');
      const rows = await request.em.getConnection().execute<CustomerRecord[]>(
        `${SELECT}${q.email ? ' AND lower(c.email) = lower(?)' : ''}${page.where}${page.tail}`,
        [request.tenant.id, ...(q.email ? [q.email] : []), ...page.params],
      );
      return toPage(rows, q, view);
    },
  );

  app.get<{ Params: { externalId: string } }>(
    '/customers/:externalId',
    { config: { apiScope: 'customers:read' }, schema: { summary: 'One customer by your id', params: externalIdParam(), response: { 200: customerView, 404: problemSchema } } },
    async (request) => {
      const [row] = await request.em.getConnection().execute<CustomerRecord[]>(`${SELECT} AND c.external_id = ?`, [request.tenant.id, request.params.externalId]);
      if (!row) throw new ApiError(404, `no customer "${request.params.externalId}"`);
      return view(row);
    },
  );
}
