import { AccountService } from 'portal/sdk';
import { defineRequestType, DecisionError } from '../../service-requests/api.ts';
import type { ServicesSettings } from '../settings.ts';
import { billingName, catalogue, planById, planTitle } from '../plans.ts';

export interface NewPlanData {
  plan: string;
  address: string;
  comment?: string;
}

/** Contracting another plan on an account; approval adds the service, active. */
export const newPlan = defineRequestType<NewPlanData, ServicesSettings>({
  id: 'new-plan',
  plugin: 'services',
  labels: 'types.newPlan',
  target: 'account',
  order: 500,
  appliesTo: ({ settings }) => catalogue(settings).length > 0,
  formSchema: ({ settings, tenant, locale }) => ({
    type: 'object',
    additionalProperties: false,
    required: ['plan', 'address'],
    properties: {
      plan: { type: 'string', oneOf: catalogue(settings).map((p) => ({ const: p.id, title: planTitle(p, tenant, locale) })) },
      address: { type: 'string', minLength: 3, maxLength: 255, 'x-autocomplete': 'street-address' },
      comment: { type: 'string', maxLength: 1000, 'x-widget': 'textarea' },
    },
  }),
  async onApprove(ctx) {
    const plan = planById(ctx.settings, ctx.request.data.plan);
    if (!plan) throw new DecisionError('types.newPlan.errors.planGone');
    const service = ctx.em.create(AccountService, {
      tenantId: ctx.tenant.id,
      accountId: ctx.account.id,
      kind: plan.kind,
      plan: billingName(plan, ctx.tenant),
      address: ctx.request.data.address,
      status: 'active',
    } as any);
    await ctx.em.flush();
    ctx.audit({ action: 'services.plan-added', subject: ctx.account.number, details: { request: ctx.request.id, service: service.id, plan: service.plan } });
    ctx.emitAfterCommit('service.added', { accountId: ctx.account.id, serviceId: service.id, planId: plan.id });
  },
});
