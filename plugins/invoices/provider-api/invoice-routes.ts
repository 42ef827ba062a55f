import type { FastifyInstance } from 'fastify';
import { type ApiRoutesContext, ApiError, cursorColumn, listQuerySchema, pageClause, pageSchema, sql, toPage, type ListQuery, externalIdParam, problemSchema, sendUpsert, upsertResponses, withoutKey } from 'portal/sdk';
import { inputSchemas, type InvoiceInput } from '../data/input-schemas.ts';
import { asApiError } from './input-error.ts';
import { InvoicePuts } from './invoice-puts.ts';
import { INVOICE_FROM, INVOICE_SELECT, invoiceOf, invoiceView, type InvoiceApiRow } from './views.ts';

/** Base64 grows a 10 MB PDF to about 13.4 MB; the rest of the body is small. */
const WITH_PDF_BODY_LIMIT = 15 * 1024 * 1024;

export async function invoiceRoutes(app: FastifyInstance, ctx: ApiRoutesContext): Promise<void> {
  const puts = new InvoicePuts();
  app.put<{ Params: { externalId: string }; Body: Omit<InvoiceInput, 'externalId'> }>(
    '/invoices/:externalId',
    {
      bodyLimit: WITH_PDF_BODY_LIMIT,
      config: { apiScope: 'invoices:write' },
      schema: {
        summary: 'Create or update an invoice, debit or credit note by your id',
        description:
          'Lines are replaced as a whole. `originalPdf.content` (base64, up to 10 MB) is served to the customer instead of a generated PDF. ' +
          'A new invoice is emailed to customers who chose electronic delivery.',
        params: externalIdParam(),
        body: withoutKey(inputSchemas.invoice, 'externalId'),
        response: upsertResponses(),
      },
    },
    async (request, reply) => {
      const { externalId } = request.params;
      const deps = { em: request.em, tenant: request.tenant, portal: ctx.portal };
      const result = await asApiError(() => puts.put(deps, { ...request.body, externalId }, request.log));
      return sendUpsert(reply, externalId, result);
    },
  );

  app.get<{ Querystring: ListQuery & { account?: string; period?: string } }>(
    '/invoices',
    {
      config: { apiScope: 'invoices:read' },
      schema: {
        summary: 'Invoices in change order (a payment or credit note changes its invoice too)',
        querystring: listQuerySchema({
          account: { type: 'string', maxLength: 64, description: 'Only this account number.' },
          period: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'Only this billing period (YYYY-MM).' },
        }),
        response: { 200: pageSchema(invoiceView), 400: problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const page = pageClause(q, 'i');
      const rows = await sql<InvoiceApiRow & { cursor_at: string }>(
        request.em,
        `${INVOICE_SELECT}, ${cursorColumn('i')} ${INVOICE_FROM}${q.account ? ' AND a.number = ?' : ''}${q.period ? ' AND i.period = ?' : ''}${page.where}${page.tail}`,
        [request.tenant.id, ...(q.account ? [q.account] : []), ...(q.period ? [q.period] : []), ...page.params],
      );
      return toPage(rows, q, invoiceOf);
    },
  );

  app.get<{ Params: { externalId: string } }>(
    '/invoices/:externalId',
    { config: { apiScope: 'invoices:read' }, schema: { summary: 'One invoice with its lines', params: externalIdParam(), response: { 200: invoiceView, 404: problemSchema } } },
    async (request) => {
      const [row] = await sql<InvoiceApiRow>(request.em, `${INVOICE_SELECT} ${INVOICE_FROM} AND i.external_id = ?`, [request.tenant.id, request.params.externalId]);
      if (!row) throw new ApiError(404, `no invoice "${request.params.externalId}"`);
      const lines = await sql<{ description: string; quantity: string; unit_price: string; vat_rate: string | null; amount: string }>(
        request.em,
        `SELECT description, quantity::text AS quantity, unit_price::text AS unit_price, vat_rate::text AS vat_rate, amount::text AS amount
         FROM invoice_lines WHERE tenant_id = ? AND invoice_id = ? ORDER BY line_no`,
        [request.tenant.id, row.id],
      );
      return { ...invoiceOf(row), lines: lines.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unit_price, vatRate: l.vat_rate, amount: l.amount })) };
    },
  );
}
