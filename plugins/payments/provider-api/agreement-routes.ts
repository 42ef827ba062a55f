import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ApiRoutesContext, ApiError, listQuerySchema, pageClause, pageSchema, toPage, type ListQuery, problemSchema, localDate } from 'portal/sdk';
import { markInstalmentPaid } from '../data/agreements.ts';
import { addDays } from '../domain/days.ts';
import { decideAgreement, type AgreementDecision } from '../staff/decide-agreement.ts';
import { apiDecider, inTransaction, reasonOf } from '../staff/decide.ts';
import { agreementApiView, agreementOf, agreementRecords } from './agreement-view.ts';

type AgreementsQuery = ListQuery & { status?: string; account?: string };
type DecisionBody = { decision: 'approved' | 'rejected'; reason?: string };

const idParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: "The agreement's id." } },
};

const instalmentParams = {
  type: 'object',
  required: ['id', 'number'],
  properties: { ...idParam.properties, number: { type: 'integer', minimum: 0, maximum: 60, description: 'The instalment; 0 is the down payment.' } },
};

const writeResponses = { 200: agreementApiView, 400: problemSchema, 404: problemSchema, 409: problemSchema };

/** One agreement as GET shows it; 404 for an id the tenant does not have, whatever the reason. */
async function agreementResponse(request: FastifyRequest, id: number) {
  const [row] = await agreementRecords(request.em, request.tenant.id, localDate(new Date(), request.tenant.timezone), { id });
  if (!row) throw new ApiError(404, `no payment agreement ${id}`);
  return { row, view: agreementOf(row, request.tenant.currency) };
}

/**
 * Payment agreements ("planes de pago") customers request in the portal: your billing system
 * reads them, decides them as an operator would (same emails, audit and webhook), and says which
 * instalments were paid, so the customer's schedule shows it and the agreement completes.
 */
export async function agreementRoutes(app: FastifyInstance, ctx: ApiRoutesContext): Promise<void> {
  app.get<{ Querystring: AgreementsQuery }>(
    '/payment-agreements',
    {
      config: { apiScope: 'payment-agreements:read' },
      schema: {
        summary: 'Payment agreements in change order (a decision or an instalment paid moves one to the end)',
        description: '`status=pending` is the queue waiting for a decision; `status=approved` the schedules you charge.',
        querystring: listQuerySchema({
          status: { type: 'string', enum: ['pending', 'approved', 'rejected', 'completed', 'cancelled'] },
          account: { type: 'string', maxLength: 64, description: 'Only this account number.' },
        }),
        response: { 200: pageSchema(agreementApiView), 400: problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await agreementRecords(request.em, request.tenant.id, localDate(new Date(), request.tenant.timezone), { status: q.status, account: q.account }, pageClause(q, 'g'));
      return toPage(rows, q, (r) => agreementOf(r, request.tenant.currency));
    },
  );

  app.get<{ Params: { id: number } }>(
    '/payment-agreements/:id',
    {
      config: { apiScope: 'payment-agreements:read' },
      schema: { summary: 'One payment agreement with its schedule', params: idParam, response: { 200: agreementApiView, 400: problemSchema, 404: problemSchema } },
    },
    async (request) => (await agreementResponse(request, request.params.id)).view,
  );

  app.post<{ Params: { id: number }; Body: DecisionBody }>(
    '/payment-agreements/:id/decision',
    {
      config: { apiScope: 'payment-agreements:write' },
      schema: {
        summary: 'Approve or reject a requested agreement',
        description: 'Approval lays out the schedule from today: the down payment in 5 days, then one instalment a month. The customer gets an email either way. An agreement decides once: a second decision is a 409. An approval is a 409 too when the account\'s debt is no longer the one the request split (paid or changed since): reject it instead, and the customer may ask again.',
        params: idParam,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['decision'],
          properties: {
            decision: { type: 'string', enum: ['approved', 'rejected'] },
            reason: { type: 'string', maxLength: 500, description: 'Required to reject (3 to 500 characters); the customer receives it. Not taken with `approved`.' },
          },
        },
        response: writeResponses,
      },
    },
    async (request) => {
      const { id } = request.params;
      const { row } = await agreementResponse(request, id);
      const decision = decisionOf(request.body, localDate(new Date(), request.tenant.timezone));
      if (row.status !== 'pending') throw alreadyDecided(id, row.status);
      const outcome = await inTransaction(request, () => decideAgreement(apiDecider(ctx, request), { id, accountNumber: row.account_number }, decision));
      if (!outcome.done && outcome.why === 'debt-changed') {
        const { requested, current } = outcome.debt;
        throw new ApiError(409, `payment agreement ${id}: the account's debt changed since the request (${requested}, now ${current}); reject it, and the customer may ask again`);
      }
      if (!outcome.done) throw alreadyDecided(id, (await agreementResponse(request, id)).row.status);
      return (await agreementResponse(request, id)).view;
    },
  );

  app.post<{ Params: { id: number; number: number }; Body: { paidOn: string } }>(
    '/payment-agreements/:id/instalments/:number/paid',
    {
      config: { apiScope: 'payment-agreements:write' },
      schema: {
        summary: 'Record that an instalment was paid',
        description: 'Idempotent: an instalment already paid keeps its first date and answers 200. When none is left unpaid the agreement becomes `completed`.',
        params: instalmentParams,
        body: { type: 'object', additionalProperties: false, required: ['paidOn'], properties: { paidOn: { type: 'string', format: 'date', description: 'The day it was paid; not after today.' } } },
        response: writeResponses,
      },
    },
    async (request) => {
      const { id, number } = request.params;
      const { row } = await agreementResponse(request, id);
      if (row.status !== 'approved' && row.status !== 'completed') throw new ApiError(409, `payment agreement ${id} is ${row.status}: it has no schedule to pay`);
      if (!row.schedule.some((i) => i.number === number)) {
        throw new ApiError(404, `payment agreement ${id} has no instalment ${number}`);
      }
      const { paidOn } = request.body;
      // A billing system that dates payments on its own clock may already be on the tenant's next
      // day near midnight; one day of slack keeps the rule against future dates without refusing it.
      if (paidOn > addDays(localDate(new Date(), request.tenant.timezone), 1)) {
        throw new ApiError(400, 'paidOn: cannot be in the future', [{ field: 'paidOn', in: 'body', message: 'cannot be in the future' }]);
      }
      await markInstalmentPaid(request.em, request.tenant.id, id, number, paidOn);
      return (await agreementResponse(request, id)).view;
    },
  );
}

function decisionOf(body: DecisionBody, today: string): AgreementDecision {
  if (body.decision === 'approved') {
    if (body.reason !== undefined) throw new ApiError(400, 'reason: only goes with "rejected"', [{ field: 'reason', in: 'body', message: 'only goes with "rejected"' }]);
    return { status: 'approved', today };
  }
  const reason = reasonOf(body.reason);
  if (!reason) throw new ApiError(400, 'reason: is required to reject, 3 to 500 characters', [{ field: 'reason', in: 'body', message: 'is required to reject, 3 to 500 characters' }]);
  return { status: 'rejected', reason };
}

function alreadyDecided(id: number, status: string): ApiError {
  return new ApiError(409, `payment agreement ${id} was already decided: ${status}`);
}
