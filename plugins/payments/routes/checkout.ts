import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type PluginRoutesContext, requireCustomer, formatMoney } from 'portal/sdk';
import { fromCents } from '../domain/money.ts';
import { documentName } from '../i18n.ts';
import { gatewayLabel } from '../processing/gateways-of-tenant.ts';
import { CheckoutOpenError, startCheckout } from '../processing/start-checkout.ts';
import { accountLinks, manyOf, payContext, pickAccount, type PayContext } from './context.ts';
import { resolveSelection, type Selection, type SelectionError, type SelectionInput } from './selection.ts';

type PayQuery = SelectionInput & { account?: string };
/** `amount` is what the choice page showed: the checkout charges it or nothing. */
type CheckoutBody = PayQuery & { gateway?: string; amount?: unknown };

/** Choosing how to pay (seed 001: "elegir el Banco"), then off to that gateway. */
export function checkoutRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<{ Querystring: PayQuery }>('/payments/pay', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = payContext(ctx, request);
    const account = pickAccount(rc.customer, request.query.account);
    if (!account) return reply.callNotFound();
    const resolved = await resolveSelection(rc, account.id, request.query);
    if (!resolved.ok) return refuse(request, reply, rc, account.number, resolved.error);
    const { selection } = resolved;
    return reply.page(
      'payments/pay',
      {
        account: { number: account.number },
        accounts: accountLinks(rc.customer, account, '/payments'),
        amount: fromCents(selection.amountCents),
        credit: selection.charge.creditCents ? fromCents(selection.charge.creditCents) : null,
        onAccount: selection.kind === 'invoices' && selection.charge.onAccountCents ? fromCents(selection.charge.onAccountCents) : null,
        advance: selection.kind === 'advance',
        documents: selection.documents.map((d) => ({ id: d.id, name: documentName(rc.t, d.kind, `${d.letter} ${d.fiscalNumber}`), balance: d.balance })),
        gateways: selection.gateways.map((g, i) => ({ id: g.id, label: gatewayLabel(g, rc.t, request.locale), checked: i === 0 })),
        fields: [...hiddenFields(request.query), { name: 'amount', value: fromCents(selection.amountCents) }],
      },
      { title: 'payments.pay.title', section: 'payments' },
    );
  });

  app.post<{ Body: CheckoutBody }>('/payments/checkout', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = payContext(ctx, request);
    const body = request.body ?? {};
    const account = pickAccount(rc.customer, body.account);
    if (!account) return reply.callNotFound();
    const resolved = await resolveSelection(rc, account.id, body);
    if (!resolved.ok) return refuse(request, reply, rc, account.number, resolved.error);
    // A payment or a credit that arrived while the choice page was open changes the amount.
    if (body.amount !== undefined && body.amount !== fromCents(resolved.selection.amountCents)) return refuse(request, reply, rc, account.number, 'amount-changed');
    const gateway = resolved.selection.gateways.find((g) => g.id === body.gateway);
    if (!gateway) return refuse(request, reply, rc, account.number, 'no-common-gateway');
    try {
      const started = await startCheckout({
        tenant: request.tenant,
        brand: request.brand,
        em: request.em,
        portal: ctx.portal,
        settings: rc.settings,
        gateway,
        gateways: rc.gateways,
        log: request.log,
        account,
        customer: { id: rc.customer.id, email: rc.customer.email, name: rc.customer.name },
        documents: chargedDocuments(resolved.selection),
        amountCents: resolved.selection.amountCents,
        description: describe(rc, request.brand.name, account.number, resolved.selection),
      });
      return reply.redirect(started.redirectUrl, 303);
    } catch (err) {
      if (err instanceof CheckoutOpenError) {
        const { open } = err;
        const key = open.status === 'pending' ? 'errors.checkoutPending' : 'errors.checkoutOpen';
        reply.flash('error', rc.t(key, { reference: open.reference, document: documentName(rc.t, open.covered.kind, open.covered.label) }));
        return reply.redirect(`/payments?account=${encodeURIComponent(account.number)}`, 303);
      }
      // The gateway's message stays in the log (without credentials); the customer gets a way on.
      request.log.error({ err: { name: (err as Error).name, message: (err as Error).message }, gateway: gateway.id }, 'could not start a checkout');
      reply.flash('error', rc.t('errors.gatewayUnavailable', { gateway: gatewayLabel(gateway, rc.t, request.locale) }));
      return reply.redirect(`/payments?account=${encodeURIComponent(account.number)}`, 303);
    }
  });
}

/** The invoices the charge puts money on, each with its part; those the credit covers are left out. */
function chargedDocuments(selection: Selection) {
  const part = new Map(selection.charge.lines.map((l) => [l.id, l.amountCents]));
  return selection.documents.filter((d) => part.has(d.id)).map((d) => ({ ...d, amountCents: part.get(d.id)! }));
}

/** What the customer sees at the gateway. */
function describe(rc: PayContext, brandName: string, accountNumber: string, selection: Selection): string {
  if (selection.kind === 'advance') return `${brandName} · ${rc.t('pay.advanceDescription', { account: accountNumber })}`;
  return `${brandName} · ${selection.documents.map((d) => documentName(rc.t, d.kind, `${d.letter} ${d.fiscalNumber}`)).join(', ')}`;
}

/** The selection travels on to the checkout form exactly as it came, to be checked again there. */
function hiddenFields(query: PayQuery): { name: string; value: string }[] {
  const out = [{ name: 'account', value: String(query.account ?? '') }];
  for (const id of manyOf(query.invoice)) out.push({ name: 'invoice', value: id });
  if (query.all === '1') out.push({ name: 'all', value: '1' });
  if (typeof query.advance === 'string') out.push({ name: 'advance', value: query.advance });
  return out;
}

function refuse(request: FastifyRequest, reply: FastifyReply, rc: PayContext, accountNumber: string, error: SelectionError) {
  if (error === 'not-found') return reply.callNotFound();
  const money = (n: number) => formatMoney(n, request.tenant.currency);
  const params = error === 'advance-amount' ? { min: money(rc.settings.advance.min), max: money(rc.settings.advance.max) } : {};
  reply.flash('error', rc.t(`errors.selection.${error}`, params));
  return reply.redirect(`/payments?account=${encodeURIComponent(accountNumber)}`, 303);
}
