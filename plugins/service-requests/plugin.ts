import { definePlugin } from 'portal/sdk';
import { settingsSchema } from './settings.ts';
import { entities } from './entities.ts';
import { serviceRequestsRoutes } from './routes/index.ts';
import { staffRoutes } from './staff/routes.ts';
import { breachedCount, openCount } from './staff/overview.ts';
import { requestsPanel } from './staff/customer-panel.ts';
import { slaWarnings } from './jobs/sla-warnings.ts';
import { PERMISSION_DECIDE, PERMISSION_VIEW } from './staff/permissions.ts';
import { RequestTypeRegistry, requestTypeExtension, type ServiceRequestsProvides } from './types/registry.ts';
import { ownershipChange } from './request-types/ownership-change.ts';
import { reconnection } from './request-types/reconnection.ts';
import { seedDemo } from './demo/demo-seed.ts';
import { serviceRequestsApi } from './provider-api/index.ts';

/**
 * Requests customers file about their accounts and services — ownership change, reconnection, and
 * whatever types other plugins declare — with their documents, state and history, and the
 * back-office queue where operators review, ask for more, approve or reject them.
 */
export default definePlugin({
  name: 'service-requests',
  version: '1.0.0',
  sdk: '^1.1.0',
  description: 'Customer requests (ownership change, reconnection, types from other plugins) and their staff queue',
  // The reconnection fee goes on the invoices statement where a tenant has one.
  optionalDependsOn: ['invoices'],
  settings: settingsSchema,
  entities,
  // Request types come from the manifests of the installed plugins, this one's included (see README.md).
  extensionPoints: [requestTypeExtension],
  contributes: [requestTypeExtension.contribute(ownershipChange, reconnection)],
  provides: (_portal, extensions): ServiceRequestsProvides => ({ requestTypes: new RequestTypeRegistry(extensions.contributions(requestTypeExtension)) }),
  routes: serviceRequestsRoutes,
  navigation: [{ id: 'service-requests', label: 'nav', href: '/service-requests', icon: 'file', order: 700 }],
  accountActions: [{ id: 'ownership-change', label: 'ownershipChangeLink', href: '/service-requests/new/ownership-change?account={number}' }],
  demoSeed: seedDemo,
  permissions: [
    { id: PERMISSION_VIEW, label: 'permission.view', roles: ['support', 'billing'] },
    { id: PERMISSION_DECIDE, label: 'permission.decide', roles: ['support', 'billing'] },
  ],
  staffNavigation: [{ id: 'service-requests', label: 'staffNav', href: '/staff/service-requests', icon: 'file', order: 30, permission: PERMISSION_VIEW }],
  staffOverview: [
    { id: 'open', label: 'overviewOpen', icon: 'file', href: '/staff/service-requests', permission: PERMISSION_VIEW, order: 30, count: openCount },
    { id: 'breached', label: 'overviewBreached', icon: 'alert', href: '/staff/service-requests', permission: PERMISSION_VIEW, order: 31, count: breachedCount },
  ],
  staffCustomerPanels: [
    { id: 'requests', label: 'customerPanel.title', icon: 'file', permission: PERMISSION_VIEW, order: 400, template: 'service-requests/staff/customer-panel', data: requestsPanel },
  ],
  jobs: [{ name: 'sla-warnings', cron: '*/10 * * * *', run: async (ctx) => void (await slaWarnings(ctx)) }],
  staffRoutes,
  api: serviceRequestsApi,
});
