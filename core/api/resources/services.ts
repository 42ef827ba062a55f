import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiError } from '../api-error.ts';
import { cursorColumn, iso, listQuerySchema, pageClause, pageSchema, toPage, type ListQuery } from '../list-page.ts';
import { externalIdParam, nullableText, problemSchema, providerId, sendUpsert, text, upsertResponses, withoutKey } from '../schemas.ts';

/** A contracted service of an account: an internet plan, a water supply, a hosting package. */
export const serviceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['externalId', 'accountNumber', 'kind', 'plan', 'status'],
  properties: {
    externalId: providerId,
    accountNumber: providerId,
    kind: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,31}$', description: 'internet, phone, water, electricity, hosting…' },
    plan: text(255),
    address: nullableText(255),
    status: { type: 'string', pattern: '^[a-z][a-z_-]{0,15}$', description: 'active, suspended, cut, cancelled…' },
  },
};

export interface ServiceInput {
  externalId: string;
  accountNumber: string;
  kind: string;
  plan: string;
  address?: string | null;
  status: string;
}

const serviceView = {
  type: 'object',
  properties: {
    externalId: { type: ['string', 'null'] },
    accountNumber: { type: 'string' },
    kind: { type: 'string' },
    plan: { type: 'string' },
    address: { type: ['string', 'null'] },
    status: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

const SELECT = `SELECT s.id, s.external_id, a.number AS account_number, s.kind, s.plan, s.address, s.status, s.created_at, s.updated_at, ${cursorColumn('s')}
  FROM account_services s JOIN accounts a ON a.id = s.account_id AND a.tenant_id = s.tenant_id
  WHERE s.tenant_id = ?`;

/** account_services as SELECT reads them. */
interface ServiceRecord {
  id: number;
  external_id: string;
  account_number: string;
  kind: string;
  plan: string;
  address: string | null;
  status: string;
  created_at: Date | string;
  updated_at: Date | string;
  cursor_at: string;
}

function view(r: ServiceRecord) {
  return {
    externalId: r.external_id,
    accountNumber: r.account_number,
    kind: r.kind,
    plan: r.plan,
    address: r.address,
    status: r.status,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function upsertService(em: EntityManager, tenantId: string, s: ServiceInput): Promise<{ created: boolean; changed: boolean }> {
  const conn = em.getConnection();
  const ctx: unknown = em.getTransactionContext();
  const [account] = await conn.execute<{ id: number }[]>(`SELECT id FROM accounts WHERE tenant_id = ? AND number = ?`, [tenantId, s.accountNumber], 'all', ctx);
  if (!account) throw new ApiError(422, `accountNumber: no account "${s.accountNumber}"`, [{ field: 'accountNumber', in: 'body', message: 'is not a known account' }]);
  const rows = await conn.execute<{ inserted: boolean }[]>(
    `INSERT INTO account_services AS s (tenant_id, account_id, external_id, kind, plan, address, status) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, external_id) DO UPDATE SET
       account_id = EXCLUDED.account_id, kind = EXCLUDED.kind, plan = EXCLUDED.plan, address = EXCLUDED.address, status = EXCLUDED.status
     WHERE (s.account_id, s.kind, s.plan, s.address, s.status) IS DISTINCT FROM (EXCLUDED.account_id, EXCLUDED.kind, EXCLUDED.plan, EXCLUDED.address, EXCLUDED.status)
     RETURNING (xmax = 0) AS inserted`,
    [tenantId, account.id, s.externalId, s.kind, s.plan, s.address ?? null, s.status],
    'all',
    ctx,
  );
  return { created: Boolean(rows[0]?.inserted), changed: rows.length > 0 };
}

export async function serviceRoutes(app: FastifyInstance): Promise<void> {
  app.put<{ Params: { externalId: string }; Body: Omit<ServiceInput, 'externalId'> }>(
    '/services/:externalId',
    {
      config: { apiScope: 'services:write' },
      schema: { summary: 'Create or update a service by your id', params: externalIdParam(), body: withoutKey(serviceSchema, 'externalId'), response: upsertResponses() },
    },
    async (request, reply) => {
      const { externalId } = request.params;
      return sendUpsert(reply, externalId, await upsertService(request.em, request.tenant.id, { ...request.body, externalId }));
    },
  );

  app.get<{ Querystring: ListQuery & { account?: string } }>(
    '/services',
    {
      config: { apiScope: 'services:read' },
      schema: {
        summary: 'Services in change order',
        querystring: listQuerySchema({ account: { type: 'string', maxLength: 64, description: 'Only the services of this account number.' } }),
        response: { 200: pageSchema(serviceView), 400: problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const page = pageClause(q, 's');
      const rows = await request.em.getConnection().execute<ServiceRecord[]>(
        `${SELECT}${q.account ? ' AND a.number = ?' : ''}${page.where}${page.tail}`,
        [request.tenant.id, ...(q.account ? [q.account] : []), ...page.params],
      );
      return toPage(rows, q, view);
    },
  );

  app.get<{ Params: { externalId: string } }>(
    '/services/:externalId',
    { config: { apiScope: 'services:read' }, schema: { summary: 'One service by your id', params: externalIdParam(), response: { 200: serviceView, 404: problemSchema } } },
    async (request) => {
      const [row] = await request.em.getConnection().execute<ServiceRecord[]>(`${SELECT} AND s.external_id = ?`, [request.tenant.id, request.params.externalId]);
      if (!row) throw new ApiError(404, `no service "${request.params.externalId}"`);
      return view(row);
    },
  );
}
