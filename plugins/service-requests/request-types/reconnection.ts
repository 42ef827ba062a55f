import { formatMoney, localize } from 'portal/sdk';
import { defineRequestType } from '../types/define-request-type.ts';
import { PLUGIN } from '../types/registry.ts';
import type { ServiceRequestsSettings } from '../settings.ts';

export interface ReconnectionData {
  reason: string;
  details?: string;
  contactPhone?: string;
}

const RECONNECTABLE = new Set(['suspended', 'cut']);

/** The fee applies only where it can be charged: an amount set and a statement (invoices) to put it on. */
function feeOf(settings: ServiceRequestsSettings, tenant: { plugins: Map<string, unknown> }): number {
  const amount = settings.reconnectionFee?.amount ?? 0;
  return amount > 0 && tenant.plugins.has('invoices') ? amount : 0;
}

/** "Reconexión" of a suspended or cut service; approval reactivates it and charges the tenant's fee, if any. */
export const reconnection = defineRequestType<ReconnectionData, ServiceRequestsSettings>({
  id: 'reconnection',
  plugin: PLUGIN,
  labels: 'types.reconnection',
  target: 'service',
  order: 200,
  formSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['reason'],
    properties: {
      reason: { type: 'string', enum: ['paid', 'agreement', 'resolved', 'other'] },
      details: { type: 'string', maxLength: 1000, 'x-widget': 'textarea' },
      contactPhone: { type: 'string', maxLength: 32, pattern: '^(?=(?:\\D*\\d){6})\\+?[0-9 ().-]{6,32}$', 'x-widget': 'tel', 'x-autocomplete': 'tel' },
    },
  },
  requiredDocuments: [{ id: 'paymentProof', kinds: ['pdf', 'jpg', 'png'], maxBytes: 5_000_000, optional: true }],
  appliesTo: ({ service }) => service !== null && RECONNECTABLE.has(service.status),

  notice({ settings, tenant }) {
    const fee = feeOf(settings, tenant);
    return fee > 0 ? { key: 'types.reconnection.feeNotice', params: { amount: formatMoney(fee, tenant.currency) } } : null;
  },

  async onApprove(ctx) {
    const service = ctx.service!;
    const previous = service.status;
    service.status = 'active';
    const fee = feeOf(ctx.settings, ctx.tenant);
    let charged: number | null = null;
    if (fee > 0) {
      // A statement line is written once, in the tenant's default language, as the rest of the statement.
      const own = ctx.settings.reconnectionFee.description;
      const description =
        own !== undefined
          ? localize(own, ctx.tenant.locale)
          : ctx.portal.views.catalogFor(ctx.tenant).t(ctx.tenant.locale, 'service-requests.types.reconnection.feeDescription', { number: ctx.request.number });
      if (await ctx.statement.addCharge({ key: 'reconnection-fee', description, amount: fee })) charged = fee;
    }
    ctx.audit({ action: 'service-requests.service-reconnected', subject: ctx.account.number, details: { request: ctx.request.id, service: service.id, previous, fee: charged } });
    ctx.emitAfterCommit('service.status-changed', { accountId: ctx.account.id, serviceId: service.id, previous, status: 'active' });
  },
});
