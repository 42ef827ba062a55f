import type { FastifyInstance } from 'fastify';
import { ApiError, listQuerySchema, pageClause, pageSchema, toPage, type ListQuery, problemSchema } from 'portal/sdk';
import { PAYMENT_STATUSES } from '../domain/statuses.ts';
import { onlinePaymentOf, onlinePaymentView, onlinePayments } from './online-payment-view.ts';

type OnlinePaymentsQuery = ListQuery & { status?: string; account?: string };

const referenceParam = {
  type: 'object',
  required: ['reference'],
  properties: { reference: { type: 'string', minLength: 1, maxLength: 32, description: 'The payment\'s reference: "PG-…".' } },
};

/** Checkouts customers started through a gateway, read-only: the gateways and the portal write them. */
export async function onlinePaymentRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: OnlinePaymentsQuery }>(
    '/online-payments',
    {
      config: { apiScope: 'online-payments:read' },
      schema: {
        summary: 'Online payments in change order',
        description: '`status=approved` with `updated_since` is what was paid through gateways since your last sync.',
        querystring: listQuerySchema({
          status: { type: 'string', enum: [...PAYMENT_STATUSES] },
          account: { type: 'string', maxLength: 64, description: 'Only this account number.' },
        }),
        response: { 200: pageSchema(onlinePaymentView), 400: problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await onlinePayments(request.em, request.tenant.id, { status: q.status, account: q.account }, pageClause(q, 'p'));
      return toPage(rows, q, onlinePaymentOf);
    },
  );

  app.get<{ Params: { reference: string } }>(
    '/online-payments/:reference',
    {
      config: { apiScope: 'online-payments:read' },
      schema: { summary: 'One online payment by its reference', params: referenceParam, response: { 200: onlinePaymentView, 404: problemSchema } },
    },
    async (request) => {
      const [row] = await onlinePayments(request.em, request.tenant.id, { reference: request.params.reference });
      if (!row) throw new ApiError(404, `no online payment "${request.params.reference}"`);
      return onlinePaymentOf(row);
    },
  );
}
