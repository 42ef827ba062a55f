import { defineRequestType } from '../../service-requests/api.ts';

export interface CancellationData {
  reason: string;
  details?: string;
  understood: boolean;
}

const CANCELLABLE = new Set(['active', 'suspended', 'cut']);

/** "Baja" of a service; approval marks it cancelled (the provider's systems take it from there). */
export const cancellation = defineRequestType<CancellationData>({
  id: 'cancellation',
  plugin: 'services',
  labels: 'types.cancellation',
  target: 'service',
  order: 400,
  appliesTo: ({ service }) => CANCELLABLE.has(service!.status),
  formSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['reason', 'understood'],
    properties: {
      reason: { type: 'string', enum: ['moving', 'price', 'quality', 'otherProvider', 'notNeeded', 'other'] },
      details: { type: 'string', maxLength: 1000, 'x-widget': 'textarea' },
      understood: { type: 'boolean', const: true },
    },
  },
  async onApprove(ctx) {
    const service = ctx.service!;
    const previous = service.status;
    service.status = 'cancelled';
    ctx.audit({ action: 'services.cancelled', subject: ctx.account.number, details: { request: ctx.request.id, service: service.id, plan: service.plan, previous } });
    ctx.emitAfterCommit('service.status-changed', { accountId: ctx.account.id, serviceId: service.id, previous, status: 'cancelled' });
  },
});
