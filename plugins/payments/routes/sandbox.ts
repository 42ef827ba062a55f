import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type PluginRoutesContext, requireCustomer } from 'portal/sdk';
import { chargeByToken, decideCharge, type SandboxCharge, type SandboxDecision } from '../gateways/sandbox/charges.ts';
import { sandboxState } from '../gateways/sandbox/adapter.ts';
import { ownedPayment, type PaymentView } from '../data/payments.ts';
import { applyObservation } from '../processing/apply-state.ts';
import { payContext, type PayContext } from './context.ts';

const DECISIONS: readonly SandboxDecision[] = ['approved', 'rejected', 'pending'];

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

interface Found {
  charge: SandboxCharge;
  payment: PaymentView;
  rc: PayContext;
}

/**
 * The sandbox gateway's checkout page, for demos and tests: shows what is being paid and lets a
 * tester approve, reject or leave the payment pending. Only the customer whose payment it is can
 * open it, and only on tenants that enabled the sandbox.
 */
export function sandboxRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<{ Params: { token: string } }>('/payments/sandbox/:token', { preHandler: requireCustomer }, async (request, reply) => {
    const found = await ownedCharge(ctx, request);
    return found ? page(reply, found) : reply.callNotFound();
  });

  app.post<{ Params: { token: string }; Body: { decision?: string } }>('/payments/sandbox/:token', { preHandler: requireCustomer }, async (request, reply) => {
    const found = await ownedCharge(ctx, request);
    if (!found) return reply.callNotFound();
    const decision = DECISIONS.find((d) => d === request.body?.decision);
    if (!decision) return page(reply, found, 400);
    const { charge, payment, rc } = found;
    if (await decideCharge(request.em, request.tenant.id, charge.token, decision)) {
      const decided = (await chargeByToken(request.em, request.tenant.id, charge.token))!;
      const gateway = rc.gateways.find((g) => g.id === 'sandbox')!;
      // The same road a real gateway's notification takes: state, checks, forward-only update.
      await applyObservation(
        { tenant: request.tenant, em: request.em, portal: ctx.portal, gateway, log: request.log },
        { source: 'sandbox', eventKey: `sandbox:${charge.token}:${decision}`, state: sandboxState(decided), paymentId: payment.id },
      );
    }
    return reply.redirect(`/payments/return/${payment.reference}`, 303);
  });
}

function page(reply: FastifyReply, { charge, payment }: Found, status = 200) {
  return reply.page(
    'payments/sandbox',
    {
      token: charge.token,
      reference: payment.reference,
      amount: charge.amount,
      description: charge.description,
      decided: charge.status !== 'open' && charge.status !== 'pending',
      pending: charge.status === 'pending',
      invalid: status === 400,
      returnHref: `/payments/return/${payment.reference}`,
    },
    { title: 'payments.sandbox.title', section: 'payments', status },
  );
}

async function ownedCharge(ctx: PluginRoutesContext, request: TokenRequest): Promise<Found | null> {
  const rc = payContext(ctx, request);
  if (!rc.gateways.some((g) => g.id === 'sandbox')) return null;
  const charge = await chargeByToken(request.em, request.tenant.id, request.params.token);
  const payment = charge ? await ownedPayment(request.em, request.tenant.id, charge.reference, rc.accountIds) : null;
  return charge && payment && payment.gateway === 'sandbox' ? { charge, payment, rc } : null;
}
