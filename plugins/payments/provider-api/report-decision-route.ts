import type { FastifyInstance } from 'fastify';
import { type ApiRoutesContext, ApiError, problemSchema } from 'portal/sdk';
import { findReport } from '../data/reports.ts';
import { apiDecider, inTransaction, reasonOf } from '../staff/decide.ts';
import { decideReport, type ReportDecision } from '../staff/decide-report.ts';
import { paymentReportView } from './payment-report-view.ts';
import { noReport, reportIdParam, reportResponse } from './payment-report-routes.ts';

interface DecisionBody {
  decision: 'accepted' | 'rejected';
  reason?: string;
}

const decisionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['decision'],
  properties: {
    decision: { type: 'string', enum: ['accepted', 'rejected'] },
    reason: { type: 'string', maxLength: 500, description: 'Required to reject (3 to 500 characters); the customer receives it. Not taken with `accepted`.' },
  },
};

/**
 * Your billing system decides a reported payment the way an operator does in the back office, and
 * with the same effects: accepted, it becomes a payment (`paymentExternalId`) settling the invoice
 * the customer named; either way the customer gets an email and the decision is audited (the key
 * as actor). A report decides once: a second decision is a 409.
 */
export async function reportDecisionRoute(app: FastifyInstance, ctx: ApiRoutesContext): Promise<void> {
  app.post<{ Params: { id: number }; Body: DecisionBody }>(
    '/payment-reports/:id/decision',
    {
      config: { apiScope: 'payment-reports:write' },
      schema: {
        summary: 'Accept or reject a reported payment',
        params: reportIdParam,
        body: decisionBody,
        response: { 200: paymentReportView, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const report = await findReport(request.em, request.tenant.id, id);
      if (!report) throw noReport(id);
      const decision = decisionOf(request.body);
      if (report.status !== 'reported') throw alreadyDecided(id, report.status);
      if (!(await inTransaction(request, () => decideReport(apiDecider(ctx, request), report, decision)))) {
        // Someone decided it between our read and our update.
        const now = await findReport(request.em, request.tenant.id, id);
        throw alreadyDecided(id, now?.status ?? 'decided');
      }
      return reportResponse(ctx, request, id);
    },
  );
}

function decisionOf(body: DecisionBody): ReportDecision {
  if (body.decision === 'accepted') {
    if (body.reason !== undefined) throw new ApiError(400, 'reason: only goes with "rejected"', [{ field: 'reason', in: 'body', message: 'only goes with "rejected"' }]);
    return { status: 'accepted' };
  }
  const reason = reasonOf(body.reason);
  if (!reason) throw new ApiError(400, 'reason: is required to reject, 3 to 500 characters', [{ field: 'reason', in: 'body', message: 'is required to reject, 3 to 500 characters' }]);
  return { status: 'rejected', reason };
}

function alreadyDecided(id: number, status: string): ApiError {
  return new ApiError(409, `payment report ${id} was already decided: ${status}`);
}
