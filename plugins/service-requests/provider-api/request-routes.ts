import type { FastifyInstance } from 'fastify';
import { type ApiRoutesContext, cursorColumn, listQuerySchema, pageClause, pageSchema, toPage, type ListQuery, equalsFilter, problemSchema } from 'portal/sdk';
import { STATUSES, type Status } from '../domain/states.ts';
import { REQUEST_FROM, REQUEST_SELECT, requestItemOf, requestItemView } from './request-view.ts';
import { requestDetail, requestDetailView } from './request-detail.ts';
import { requestIdParam } from './request-id.ts';

type RequestsQuery = ListQuery & { status?: Status; type?: string; account_number?: string };

export async function requestRoutes(app: FastifyInstance, ctx: ApiRoutesContext): Promise<void> {
  app.get<{ Querystring: RequestsQuery }>(
    '/service-requests',
    {
      config: { apiScope: 'service-requests:read' },
      schema: {
        summary: "Customers' requests in change order; `status=submitted` is what nobody has looked at yet",
        querystring: listQuerySchema({
          status: { type: 'string', enum: [...STATUSES] },
          type: { type: 'string', pattern: '^[a-z0-9-]{1,64}$', description: 'Only requests of this type (ownership-change, reconnection…).' },
          account_number: { type: 'string', minLength: 1, maxLength: 64, description: 'Only requests about this account.' },
        }),
        response: { 200: pageSchema(requestItemView), 400: problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const page = pageClause(q, 'r');
      const filter = equalsFilter([['r.status', q.status], ['r.type', q.type], ['a.number', q.account_number]]);
      const rows = await request.em
        .getConnection()
        .execute(`${REQUEST_SELECT}, ${cursorColumn('r')} ${REQUEST_FROM}${filter.where}${page.where}${page.tail}`, [request.tenant.id, ...filter.params, ...page.params]);
      return toPage(rows as any[], q, requestItemOf);
    },
  );

  app.get<{ Params: { id: number } }>(
    '/service-requests/:id',
    {
      config: { apiScope: 'service-requests:read' },
      schema: {
        summary: 'One request with its answers, the names of its files and its history',
        params: requestIdParam,
        response: { 200: requestDetailView, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => requestDetail(request.em, ctx.portal, request.tenant, request.params.id),
  );
}
