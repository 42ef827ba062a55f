import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ApiRoutesContext, ApiError, listQuerySchema, pageClause, pageSchema, toPage, type ListQuery, problemSchema } from 'portal/sdk';
import { findReport } from '../data/reports.ts';
import { sendReceipt } from '../routes/send-receipt.ts';
import { paymentReportOf, paymentReportView, paymentReports } from './payment-report-view.ts';

type ReportsQuery = ListQuery & { status?: string; account?: string };

export const reportIdParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: "The report's id." } },
};

/** 404 for an id the tenant does not have; one message whatever the reason. */
export function noReport(id: number): ApiError {
  return new ApiError(404, `no payment report ${id}`);
}

/** One report as GET shows it, with its receipt's size read from the store. */
export async function reportResponse(ctx: ApiRoutesContext, request: FastifyRequest, id: number) {
  const [row] = await paymentReports(request.em, request.tenant.id, { id });
  if (!row) throw noReport(id);
  const report = await findReport(request.em, request.tenant.id, id);
  const file = report ? await ctx.portal.files.stat(request.tenant.id, report.receiptKey) : null;
  return paymentReportOf(row, request.tenant.currency, file?.size ?? null);
}

/** Payments customers reported making elsewhere, with their receipts. */
export async function paymentReportRoutes(app: FastifyInstance, ctx: ApiRoutesContext): Promise<void> {
  app.get<{ Querystring: ReportsQuery }>(
    '/payment-reports',
    {
      config: { apiScope: 'payment-reports:read' },
      schema: {
        summary: 'Reported payments in change order (a decision moves a report to the end)',
        description: '`status=reported` is the queue waiting for a decision; `status=accepted` what became payments.',
        querystring: listQuerySchema({
          status: { type: 'string', enum: ['reported', 'accepted', 'rejected'] },
          account: { type: 'string', maxLength: 64, description: 'Only this account number.' },
        }),
        response: { 200: pageSchema(paymentReportView), 400: problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await paymentReports(request.em, request.tenant.id, { status: q.status, account: q.account }, pageClause(q, 'r'));
      return toPage(rows, q, (r) => paymentReportOf(r, request.tenant.currency));
    },
  );

  app.get<{ Params: { id: number } }>(
    '/payment-reports/:id',
    {
      config: { apiScope: 'payment-reports:read' },
      schema: { summary: 'One reported payment', params: reportIdParam, response: { 200: paymentReportView, 400: problemSchema, 404: problemSchema } },
    },
    async (request) => reportResponse(ctx, request, request.params.id),
  );

  app.get<{ Params: { id: number } }>(
    '/payment-reports/:id/receipt',
    {
      config: { apiScope: 'payment-reports:read' },
      schema: {
        summary: "The customer's receipt: a PDF, JPG or PNG, as an attachment",
        params: reportIdParam,
        response: {
          200: {
            description: 'The file, with its type.',
            content: Object.fromEntries(['application/pdf', 'image/jpeg', 'image/png'].map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
          },
          404: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const report = await findReport(request.em, request.tenant.id, request.params.id);
      const file = report ? await ctx.portal.files.get(request.tenant.id, report.receiptKey) : null;
      if (!report || !file) throw noReport(request.params.id);
      return sendReceipt(reply, report, file);
    },
  );
}
