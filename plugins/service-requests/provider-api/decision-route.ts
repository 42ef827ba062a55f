import type { FastifyInstance } from 'fastify';
import { type ApiRoutesContext, ApiError, problemSchema } from 'portal/sdk';
import { decide } from '../data/decide.ts';
import { requestById } from '../data/requests.ts';
import { requestDetail, requestDetailView } from './request-detail.ts';
import { requestIdParam } from './request-id.ts';
import { apiKeyDecider } from './api-key-decider.ts';
import { decisionBodySchema, decisionMessage, decisionProblems, type DecisionBody } from './decision-body.ts';
import { refusalText } from './refusal-text.ts';

/**
 * Approving or rejecting goes through the same decide() as the back office, so the type's effects
 * (a plan changed, a fee charged), the history, the customer's email, the audit and the events
 * are the same whoever decided.
 */
export async function decisionRoute(app: FastifyInstance, ctx: ApiRoutesContext): Promise<void> {
  app.post<{ Params: { id: number }; Body: DecisionBody }>(
    '/service-requests/:id/decision',
    {
      config: { apiScope: 'service-requests:write' },
      schema: {
        summary: 'Approve or reject an open request, with the same effects as an operator in the back office',
        description:
          'Approval applies the request (the type does what it promises: a new holder, a reconnected service…); the customer is emailed either way. ' +
          '422 when the request type refuses (its reason in `message`); 409 when the request was decided already.',
        params: requestIdParam,
        body: decisionBodySchema,
        response: { 200: requestDetailView, 400: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const problems = decisionProblems(request.body);
      if (problems.length > 0) throw new ApiError(400, problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
      const action = request.body.decision === 'approved' ? 'approve' : 'reject';
      const result = await decide(request, ctx.portal, apiKeyDecider(request, ctx.portal), id, action, decisionMessage(request.body));
      if (!result.ok) {
        if (result.problem === 'not-found') throw new ApiError(404, `no service request ${id}`);
        if (result.problem === 'state') {
          const row = await requestById(request.em, String(id));
          if (row?.status === 'needs_info') throw new ApiError(409, `service request ${id} is waiting for the information asked of the customer; it cannot be approved until they answer`);
          throw new ApiError(409, `service request ${id} was already ${row?.status ?? 'decided'}; a decision is final`);
        }
        const reason = refusalText(ctx.portal.views, request.tenant, result.type, result.error);
        throw new ApiError(422, `service request ${id} cannot be ${request.body.decision}: ${reason}`, [{ field: 'decision', in: 'body', message: reason }]);
      }
      return requestDetail(request.em, ctx.portal, request.tenant, id);
    },
  );
}
