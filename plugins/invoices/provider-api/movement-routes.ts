import type { FastifyInstance } from 'fastify';
import { type ApiRoutesContext, cursorColumn, listQuerySchema, pageClause, pageSchema, sql, toPage, type ListQuery, externalIdParam, problemSchema, sendUpsert, upsertResponses, withoutKey } from 'portal/sdk';
import { inputSchemas, type MovementInput } from '../data/input-schemas.ts';
import { InvoiceService } from '../data/invoice-service.ts';
import { asApiError } from './input-error.ts';
import { movementOf, movementView, type MovementApiRow } from './views.ts';

/**
 * Movements have no updated_at (an adjustment sent again is rewritten in place): the list pages by
 * creation time, so `updated_since` finds new movements, and a corrected adjustment keeps its place.
 */
export async function movementRoutes(app: FastifyInstance, ctx: ApiRoutesContext): Promise<void> {
  app.put<{ Params: { externalId: string }; Body: Omit<MovementInput, 'externalId'> }>(
    '/movements/:externalId',
    {
      config: { apiScope: 'movements:write' },
      schema: {
        summary: 'Add or correct a statement movement (adjustment, interest, a note without a document) by your id',
        description: 'Invoices and payments bring their own movements; use this for the rest.',
        params: externalIdParam(),
        body: withoutKey(inputSchemas.movement, 'externalId'),
        response: upsertResponses(),
      },
    },
    async (request, reply) => {
      const { externalId } = request.params;
      const service = new InvoiceService({ em: request.em, tenant: request.tenant, portal: ctx.portal });
      return sendUpsert(reply, externalId, await asApiError(() => service.addMovement({ ...request.body, externalId })));
    },
  );

  app.get<{ Querystring: ListQuery & { account?: string } }>(
    '/movements',
    {
      config: { apiScope: 'movements:read' },
      schema: {
        summary: 'Current-account movements in creation order (`updated_since` compares the creation time)',
        querystring: listQuerySchema({ account: { type: 'string', maxLength: 64, description: 'Only this account number.' } }),
        response: { 200: pageSchema(movementView), 400: problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const page = pageClause(q, 'm', 'created_at');
      const rows = await sql<MovementApiRow & { cursor_at: string }>(
        request.em,
        `SELECT m.id, m.external_id, a.number AS account_number, to_char(m.movement_date, 'YYYY-MM-DD') AS movement_date, m.kind, m.description, m.amount,
                i.external_id AS invoice_external_id, p.external_id AS payment_external_id, m.created_at, ${cursorColumn('m', 'created_at')}
         FROM account_movements m
         JOIN accounts a ON a.id = m.account_id AND a.tenant_id = m.tenant_id
         LEFT JOIN invoices i ON i.id = m.invoice_id AND i.tenant_id = m.tenant_id
         LEFT JOIN invoice_payments p ON p.id = m.payment_id AND p.tenant_id = m.tenant_id
         WHERE m.tenant_id = ?${q.account ? ' AND a.number = ?' : ''}${page.where}${page.tail}`,
        [request.tenant.id, ...(q.account ? [q.account] : []), ...page.params],
      );
      return toPage(rows, q, movementOf);
    },
  );
}
