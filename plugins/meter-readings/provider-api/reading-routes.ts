import type { FastifyInstance } from 'fastify';
import { ApiError, cursorColumn, iso, listQuerySchema, pageClause, pageSchema, sql, toPage, type ListQuery, equalsFilter, externalIdParam, problemSchema, sendUpsert, upsertResponses, withoutKey } from 'portal/sdk';
import { inputSchemas, type ReadingInput } from '../data/provider-input.ts';
import { MeterReadingsProvider } from '../data/provider-service.ts';
import { upsertOne } from './upsert-one.ts';

const readingView = {
  type: 'object',
  properties: {
    id: { type: 'integer', description: "The portal's id; customers' readings have no externalId." },
    externalId: { type: ['string', 'null'] },
    meterExternalId: { type: 'string' },
    accountNumber: { type: 'string' },
    register: { type: 'string' },
    readOn: { type: 'string', format: 'date' },
    value: { type: 'integer' },
    source: { type: 'string', enum: ['company', 'customer', 'estimated', 'telemetry'] },
    replacedBy: { type: ['integer', 'null'], description: 'For an estimate corrected by a real reading: that reading.' },
    submittedAt: { type: ['string', 'null'], format: 'date-time' },
    confirmedImplausible: { type: 'boolean' },
    hasPhoto: { type: 'boolean' },
    billedAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

/** The readings' SELECT: value is a bigint (text); timestamps a Date from the server's driver, text from the embedded database's. */
interface ReadingRow {
  id: number;
  external_id: string | null;
  meter_external_id: string;
  account_number: string;
  register: string;
  read_on: string;
  value: string;
  source: string;
  replaced_by: number | null;
  submitted_at: Date | string | null;
  confirmed_implausible: boolean;
  has_photo: boolean;
  billed_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

function readingOf(r: ReadingRow) {
  return {
    id: r.id,
    externalId: r.external_id,
    meterExternalId: r.meter_external_id,
    accountNumber: r.account_number,
    register: r.register,
    readOn: r.read_on,
    value: Number(r.value),
    source: r.source,
    replacedBy: r.replaced_by,
    submittedAt: iso(r.submitted_at),
    confirmedImplausible: Boolean(r.confirmed_implausible),
    hasPhoto: Boolean(r.has_photo),
    billedAt: iso(r.billed_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

type ReadingsQuery = ListQuery & { source?: string; meter?: string; billed?: boolean };

export async function readingRoutes(app: FastifyInstance): Promise<void> {
  app.put<{ Params: { externalId: string }; Body: Omit<ReadingInput, 'externalId'> }>(
    '/readings/:externalId',
    {
      config: { apiScope: 'readings:write' },
      schema: {
        summary: 'Create or update a company, estimated or telemetry reading by your id',
        description: '`replaces` names an estimated reading this real one corrects; the estimate stays, pointing at it.',
        params: externalIdParam(),
        body: withoutKey(inputSchemas.reading, 'externalId'),
        response: upsertResponses(),
      },
    },
    async (request, reply) => {
      const { externalId } = request.params;
      const provider = new MeterReadingsProvider(request.em, request.tenant.id);
      const result = await upsertOne(request.em, 'meter_readings_readings', request.tenant.id, externalId, () => provider.upsertReadings([{ ...request.body, externalId }]));
      return sendUpsert(reply, externalId, result);
    },
  );

  app.get<{ Querystring: ReadingsQuery }>(
    '/readings',
    {
      config: { apiScope: 'readings:read' },
      schema: {
        summary: "Readings in change order; `source=customer&billed=false` is what customers sent that you have not billed yet",
        querystring: listQuerySchema({
          source: { type: 'string', enum: ['company', 'customer', 'estimated', 'telemetry'] },
          meter: { type: 'string', maxLength: 64, description: 'Only this meter (your id).' },
          billed: { type: 'boolean', description: 'Customer readings marked billed (true) or not (false).' },
        }),
        response: { 200: pageSchema(readingView), 400: problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const page = pageClause(q, 'r');
      const filter = equalsFilter([['r.source', q.source], ['m.external_id', q.meter]]);
      const billed = q.billed === undefined ? '' : q.billed ? ' AND r.billed_at IS NOT NULL' : ' AND r.billed_at IS NULL';
      const rows = await sql<ReadingRow & { cursor_at: string }>(
        request.em,
        `SELECT r.id, r.external_id, m.external_id AS meter_external_id, a.number AS account_number, r.register, to_char(r.read_on, 'YYYY-MM-DD') AS read_on,
                r.value, r.source, r.replaced_by, r.submitted_at, r.confirmed_implausible, r.photo_path IS NOT NULL AS has_photo, r.billed_at,
                r.created_at, r.updated_at, ${cursorColumn('r')}
         FROM meter_readings_readings r
         JOIN meter_readings_meters m ON m.id = r.meter_id AND m.tenant_id = r.tenant_id
         JOIN accounts a ON a.id = m.account_id AND a.tenant_id = m.tenant_id
         WHERE r.tenant_id = ?${filter.where}${billed}${page.where}${page.tail}`,
        [request.tenant.id, ...filter.params, ...page.params],
      );
      return toPage(rows, q, readingOf);
    },
  );

  app.post<{ Body: { ids: number[] } }>(
    '/readings/billed',
    {
      config: { apiScope: 'readings:write' },
      schema: {
        summary: 'Mark customer readings as taken into billing; customers can no longer replace them',
        body: { type: 'object', additionalProperties: false, required: ['ids'], properties: { ids: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'integer', minimum: 1 } } } },
        response: {
          200: { type: 'object', properties: { marked: { type: 'array', items: { type: 'integer' }, description: 'The ids marked now; others were billed already or are not customer readings of this tenant.' } } },
          400: problemSchema,
        },
      },
    },
    async (request) => ({ marked: await new MeterReadingsProvider(request.em, request.tenant.id).markBilled(request.body.ids) }),
  );

  app.get<{ Params: { externalId: string } }>(
    '/readings/:externalId',
    { config: { apiScope: 'readings:read' }, schema: { summary: 'One reading by your id', params: externalIdParam(), response: { 200: readingView, 404: problemSchema } } },
    async (request) => {
      const [row] = await sql<ReadingRow>(
        request.em,
        `SELECT r.id, r.external_id, m.external_id AS meter_external_id, a.number AS account_number, r.register, to_char(r.read_on, 'YYYY-MM-DD') AS read_on,
                r.value, r.source, r.replaced_by, r.submitted_at, r.confirmed_implausible, r.photo_path IS NOT NULL AS has_photo, r.billed_at, r.created_at, r.updated_at
         FROM meter_readings_readings r
         JOIN meter_readings_meters m ON m.id = r.meter_id AND m.tenant_id = r.tenant_id
         JOIN accounts a ON a.id = m.account_id AND a.tenant_id = m.tenant_id
         WHERE r.tenant_id = ? AND r.external_id = ?`,
        [request.tenant.id, request.params.externalId],
      );
      if (!row) throw new ApiError(404, `no reading "${request.params.externalId}"`);
      return readingOf(row);
    },
  );
}
