import { definePlugin } from 'portal/sdk';
import { requestTypeExtension } from '../service-requests/api.ts';
import { settingsSchema } from './settings.ts';
import { servicesRoutes } from './routes/index.ts';
import { planChange } from './request-types/plan-change.ts';
import { cancellation } from './request-types/cancellation.ts';
import { newPlan } from './request-types/new-plan.ts';
import { seedDemo } from './demo-seed.ts';

/**
 * The customer's contracted services per account (kind, plan, address, status) and the requests
 * about them: change to another plan the tenant offers, cancel, or contract a new plan.
 * Accounts and services themselves belong to core; the plan catalogue is in the tenant's settings.
 */
export default definePlugin({
  name: 'services',
  version: '1.0.0',
  sdk: '^1.1.0',
  description: 'Contracted services per account, plan changes, cancellations and new plans',
  dependsOn: ['service-requests'],
  // Requests about services go through service-requests like any other type: its queue, states,
  // emails and audit; this plugin only says what each one asks and what approving it does.
  contributes: [requestTypeExtension.contribute(planChange, cancellation, newPlan)],
  settings: settingsSchema,
  routes: servicesRoutes,
  navigation: [{ id: 'services', label: 'nav', href: '/services', icon: 'globe', order: 150 }],
  demoSeed: seedDemo,
});
