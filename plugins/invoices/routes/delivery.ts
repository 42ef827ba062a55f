import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type PluginRoutesContext, requireCustomer, sql } from 'portal/sdk';
import type { InvoicesSettings } from '../settings.ts';
import { translator } from '../view-models/translate.ts';
import { pickAccount } from './owned-account.ts';

const CHANNELS = ['email', 'paper'] as const;

interface DeliveryBody {
  account: string;
  channel: (typeof CHANNELS)[number];
}

const bodySchema = {
  type: 'object',
  required: ['account', 'channel'],
  properties: { account: { type: 'string', minLength: 1, maxLength: 64 }, channel: { enum: [...CHANNELS] }, _csrf: { type: 'string' } },
};

/** Electronic invoice by email, or paper: chosen per account by the customer who holds it. */
export function deliveryRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  const render = async (request: FastifyRequest, reply: FastifyReply, error: string | null) => {
    const customer = request.customer!;
    const ids = customer.accounts.map((a) => a.id);
    const rows = ids.length
      ? await sql<{ account_id: number; channel: string }>(request.em, `SELECT account_id, channel FROM invoice_delivery WHERE tenant_id = ? AND account_id IN (?)`, [request.tenant.id, ids])
      : [];
    const chosen = new Map(rows.map((r) => [r.account_id, r.channel]));
    const fallback = ctx.settings<InvoicesSettings>(request).defaultDelivery;
    const accounts = customer.accounts.map((a) => {
      const channel = chosen.get(a.id) ?? fallback;
      return { ...a, channels: CHANNELS.map((c) => ({ value: c, checked: c === channel, id: `delivery-${a.id}-${c}` })) };
    });
    return reply.page('invoices/delivery', { accounts, email: customer.email, error }, { title: 'invoices.delivery.title', section: 'invoices', status: error ? 400 : 200 });
  };

  app.get('/invoices/delivery', { preHandler: requireCustomer }, (request, reply) => render(request, reply, null));

  app.post<{ Body: DeliveryBody }>(
    '/invoices/delivery',
    { preHandler: requireCustomer, schema: { body: bodySchema }, attachValidation: true },
    async (request, reply) => {
      const customer = request.customer!;
      const account = pickAccount(customer, request.body?.account);
      if (request.body?.account !== undefined && !account) return reply.callNotFound();
      if (request.validationError || !account) return render(request, reply, 'invoices.delivery.invalid');
      if (request.body.channel === 'email' && !customer.email) return render(request, reply, 'invoices.delivery.noEmail');
      await sql(
        request.em,
        `INSERT INTO invoice_delivery (account_id, tenant_id, channel, changed_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET channel = EXCLUDED.channel, changed_by = EXCLUDED.changed_by, updated_at = now()`,
        [account.id, request.tenant.id, request.body.channel, customer.id],
      );
      await ctx.portal.events.emit(request.tenant, request.em, 'invoice.delivery-changed', { accountId: account.id, channel: request.body.channel, customerId: customer.id });
      const t = translator(ctx.portal, request);
      reply.flash('success', t(`invoices.delivery.saved.${request.body.channel}`, { account: account.number }));
      return reply.redirect('/invoices/delivery', 303);
    },
  );
}
