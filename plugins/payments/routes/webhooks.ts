import type { FastifyInstance } from 'fastify';
import type { PluginRoutesContext } from 'portal/sdk';
import { paymentsOf } from '../provides.ts';
import type { PaymentsSettings } from '../settings.ts';
import { applyObservation } from '../processing/apply-state.ts';
import { gatewayContext, tenantGateways } from '../processing/gateways-of-tenant.ts';
import { GatewayConfigError } from '../gateways/secrets.ts';

/** Gateways send small JSON documents; anything larger is not one of them. */
const WEBHOOK_BODY_LIMIT = 256 * 1024;

/**
 * `POST /payments/webhooks/<gateway>` on the tenant's hostname. Signatures are computed over the
 * exact bytes received, so this scope (and only this one) keeps bodies raw. No CSRF token: the
 * gateway's signature is the proof. A bad signature is a 401 that changes nothing; anything the
 * gateway should not retry (a duplicate, a payment we do not know) is a 200.
 */
export async function webhookRoutes(app: FastifyInstance, ctx: PluginRoutesContext): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));

    scope.post<{ Params: { gateway: string }; Querystring: Record<string, unknown> }>(
      '/payments/webhooks/:gateway',
      { config: { csrf: false }, bodyLimit: WEBHOOK_BODY_LIMIT },
      async (request, reply) => {
        const settings = ctx.settings<PaymentsSettings>(request);
        const gateway = tenantGateways(settings, paymentsOf(ctx.portal).gateways).find((g) => g.id === request.params.gateway);
        if (!gateway?.adapter.handleNotification) return reply.code(404).send({ error: 'not found' });
        const log = request.log;
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        let check;
        try {
          check = await gateway.adapter.handleNotification(gatewayContext(request.tenant, request.em, settings, gateway), {
            headers: request.headers,
            query: request.query ?? {},
            rawBody,
          });
        } catch (err) {
          // Misconfigured secrets or a gateway API that did not answer: ask for a retry later.
          const config = err instanceof GatewayConfigError;
          log[config ? 'error' : 'warn']({ gateway: gateway.id, tenant: request.tenant.id, err: (err as Error).message }, 'payment notification not processed');
          return reply.code(503).header('retry-after', '60').send({ error: 'try again later' });
        }
        if (!check.ok) {
          log.warn({ gateway: gateway.id, tenant: request.tenant.id, reason: check.reason, ip: request.ip }, 'payment notification refused');
          return reply.code(check.reason === 'malformed' ? 400 : 401).send({ error: check.reason === 'malformed' ? 'malformed notification' : 'invalid signature' });
        }
        if (!check.state) return reply.code(200).send({ received: true });
        const result = await applyObservation(
          { tenant: request.tenant, em: request.em, portal: ctx.portal, gateway, log },
          { source: 'webhook', eventKey: check.eventKey, state: check.state },
        );
        return reply.code(200).send({ received: true, outcome: result.outcome });
      },
    );
  });
}
