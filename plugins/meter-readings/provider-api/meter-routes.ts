import type { FastifyInstance } from 'fastify';
import { ApiError, cursorColumn, iso, listQuerySchema, pageClause, pageSchema, sql, toPage, type ListQuery, externalIdParam, problemSchema, sendUpsert, upsertResponses, withoutKey } from 'portal/sdk';
import { inputSchemas, type MeterInput } from '../data/provider-input.ts';
import { MeterReadingsProvider } from '../data/provider-service.ts';
import { upsertOne } from './upsert-one.ts';

const meterView = {
  type: 'object',
  properties: {
    externalId: { type: 'string' },
    accountNumber: { type: 'string' },
    serviceExternalId: { type: ['string', 'null'] },
    number: { type: 'string' },
    kind: { type: 'string' },
    unit: { type: ['string', 'null'] },
    digits: { type: 'integer' },
    registers: { type: 'array', items: { type: 'string' } },
    route: { type: ['string', 'null'] },
    address: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

const SELECT = `SELECT m.id, m.external_id, a.number AS account_number, s.external_id AS service_external_id, m.number, m.kind, m.unit, m.digits,
  m.registers, m.route, m.address, m.created_at, m.updated_at, ${cursorColumn('m')}
  FROM meter_readings_meters m
  JOIN accounts a ON a.id = m.account_id AND a.tenant_id = m.tenant_id
  LEFT JOIN account_services s ON s.id = m.service_id AND s.tenant_id = m.tenant_id
  WHERE m.tenant_id = ?`;

/** A row of SELECT. registers is jsonb: parsed by the server's driver, text from the embedded database's. */
interface MeterRow {
  id: number;
  external_id: string;
  account_number: string;
  service_external_id: string | null;
  number: string;
  kind: string;
  unit: string | null;
  digits: number;
  registers: string[] | string;
  route: string | null;
  address: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  cursor_at: string;
}

function meterOf(r: MeterRow) {
  return {
    externalId: r.external_id,
    accountNumber: r.account_number,
    serviceExternalId: r.service_external_id,
    number: r.number,
    kind: r.kind,
    unit: r.unit,
    digits: r.digits,
    registers: typeof r.registers === 'string' ? (JSON.parse(r.registers) as string[]) : r.registers,
    route: r.route,
    address: r.address,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function meterRoutes(app: FastifyInstance): Promise<void> {
  app.put<{ Params: { externalId: string }; Body: Omit<MeterInput, 'externalId'> }>(
    '/meters/:externalId',
    {
      config: { apiScope: 'meters:write' },
      schema: { summary: 'Create or update a meter by your id', params: externalIdParam(), body: withoutKey(inputSchemas.meter, 'externalId'), response: upsertResponses() },
    },
    async (request, reply) => {
      const { externalId } = request.params;
      const provider = new MeterReadingsProvider(request.em, request.tenant.id);
      const result = await upsertOne(request.em, 'meter_readings_meters', request.tenant.id, externalId, () => provider.upsertMeters([{ ...request.body, externalId }]));
      return sendUpsert(reply, externalId, result);
    },
  );

  app.get<{ Querystring: ListQuery & { account?: string } }>(
    '/meters',
    {
      config: { apiScope: 'meters:read' },
      schema: {
        summary: 'Meters in change order',
        querystring: listQuerySchema({ account: { type: 'string', maxLength: 64, description: 'Only this account number.' } }),
        response: { 200: pageSchema(meterView), 400: problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const page = pageClause(q, 'm');
      const rows = await sql<MeterRow>(
        request.em,
        `${SELECT}${q.account ? ' AND a.number = ?' : ''}${page.where}${page.tail}`,
        [request.tenant.id, ...(q.account ? [q.account] : []), ...page.params],
      );
      return toPage(rows, q, meterOf);
    },
  );

  app.get<{ Params: { externalId: string } }>(
    '/meters/:externalId',
    { config: { apiScope: 'meters:read' }, schema: { summary: 'One meter by your id', params: externalIdParam(), response: { 200: meterView, 404: problemSchema } } },
    async (request) => {
      const [row] = await sql<MeterRow>(request.em, `${SELECT} AND m.external_id = ?`, [request.tenant.id, request.params.externalId]);
      if (!row) throw new ApiError(404, `no meter "${request.params.externalId}"`);
      return meterOf(row);
    },
  );
}
