import { defineRequestType, DecisionError } from '../../service-requests/api.ts';
import type { ServicesSettings } from '../settings.ts';
import { billingName, otherPlans, planById, planTitle } from '../plans.ts';

export interface PlanChangeData {
  plan: string;
  comment?: string;
}

/** Upgrade or downgrade: another plan of the same kind the tenant offers; approval renames the service's plan. */
export const planChange = defineRequestType<PlanChangeData, ServicesSettings>({
  id: 'plan-change',
  plugin: 'services',
  labels: 'types.planChange',
  target: 'service',
  order: 300,
  appliesTo: ({ service, settings }) => service!.status === 'active' && otherPlans(settings, service!).length > 0,
  formSchema: ({ service, settings, tenant, locale, purpose }) => ({
    type: 'object',
    additionalProperties: false,
    required: ['plan'],
    properties: {
      // A stored request names every plan of the kind: after approval the chosen one is the current one.
      plan: { type: 'string', oneOf: otherPlans(settings, { kind: service!.kind, plan: purpose === 'display' ? '' : service!.plan }).map((p) => ({ const: p.id, title: planTitle(p, tenant, locale) })) },
      comment: { type: 'string', maxLength: 1000, 'x-widget': 'textarea' },
    },
  }),
  async onApprove(ctx) {
    const service = ctx.service!;
    const plan = planById(ctx.settings, ctx.request.data.plan);
    if (!plan || plan.kind !== service.kind) throw new DecisionError('types.planChange.errors.planGone');
    const previous = service.plan;
    service.plan = billingName(plan, ctx.tenant);
    ctx.audit({ action: 'services.plan-changed', subject: ctx.account.number, details: { request: ctx.request.id, service: service.id, from: previous, to: service.plan } });
    ctx.emitAfterCommit('service.plan-changed', { accountId: ctx.account.id, serviceId: service.id, from: previous, to: service.plan, planId: plan.id });
  },
});
