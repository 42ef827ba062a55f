import type { FastifyInstance } from 'fastify';
import { type ApiRoutesContext, ApiError, cursorColumn, listQuerySchema, pageClause, pageSchema, sql, toPage, type ListQuery, externalIdParam, problemSchema, sendUpsert, upsertResponses, withoutKey } from 'portal/sdk';
import { inputSchemas, type PaymentInput } from '../data/input-schemas.ts';
import { InvoiceService } from '../data/invoice-service.ts';
import { asApiError } from './input-error.ts';
import { paymentOf, paymentView, type PaymentApiRow } from './views.ts';

const SELECT = `SELECT p.id, p.external_id, a.number AS account_number, i.external_id AS invoice_external_id, to_char(p.paid_on, 'YYYY-MM-DD') AS paid_on,
  p.amount, p.method, p.collector, p.reference, p.created_at, p.updated_at
  FROM invoice_payments p
  JOIN accounts a ON a.id = p.account_id AND a.tenant_id = p.tenant_id
  LEFT JOIN invoices i ON i.id = p.invoice_id AND i.tenant_id = p.tenant_id
  WHERE p.tenant_id = ?`;

export async function paymentRoutes(app: FastifyInstance, ctx: ApiRoutesContext): Promise<void> {
  app.put<{ Params: { externalId: string }; Body: Omit<PaymentInput, 'externalId'> }>(
    '/payments/:externalId',
    {
      config: { apiScope: 'payments:write' },
      schema: {
        summary: 'Record or correct a payment by your id',
        description: 'With `invoiceExternalId` the invoice is settled by it; a corrected payment is recomputed, never counted twice.',
        params: externalIdParam(),
        body: withoutKey(inputSchemas.payment, 'externalId'),
        response: upsertResponses(),
      },
    },
    async (request, reply) => {
      const { externalId } = request.params;
      const service = new InvoiceService({ em: request.em, tenant: request.tenant, portal: ctx.portal });
      return sendUpsert(reply, externalId, await asApiError(() => service.recordPayment({ ...request.body, externalId })));
    },
  );

  app.get<{ Querystring: ListQuery & { account?: string } }>(
    '/payments',
    {
      config: { apiScope: 'payments:read' },
      schema: {
        summary: 'Payments in change order',
        querystring: listQuerySchema({ account: { type: 'string', maxLength: 64, description: 'Only this account number.' } }),
        response: { 200: pageSchema(paymentView), 400: problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const page = pageClause(q, 'p');
      const rows = await sql<PaymentApiRow & { cursor_at: string }>(
        request.em,
        `${SELECT.replace('FROM invoice_payments', `, ${cursorColumn('p')} FROM invoice_payments`)}${q.account ? ' AND a.number = ?' : ''}${page.where}${page.tail}`,
        [request.tenant.id, ...(q.account ? [q.account] : []), ...page.params],
      );
      return toPage(rows, q, paymentOf);
    },
  );

  app.get<{ Params: { externalId: string } }>(
    '/payments/:externalId',
    { config: { apiScope: 'payments:read' }, schema: { summary: 'One payment by your id', params: externalIdParam(), response: { 200: paymentView, 404: problemSchema } } },
    async (request) => {
      const [row] = await sql<PaymentApiRow>(request.em, `${SELECT} AND p.external_id = ?`, [request.tenant.id, request.params.externalId]);
      if (!row) throw new ApiError(404, `no payment "${request.params.externalId}"`);
      return paymentOf(row);
    },
  );
}
