import type { PluginApi } from 'portal/sdk';
import { requestRoutes } from './request-routes.ts';
import { decisionRoute } from './decision-route.ts';
import { requestDecidedData, requestSubmittedData } from './webhook-data.ts';

/**
 * The service-requests plugin's part of the provider API (see core/api/contract.ts and
 * docs/plugins.md). Not to be confused with ../api.ts, this plugin's interface for other plugins.
 */
export const serviceRequestsApi: PluginApi = {
  resources: [{ name: 'service-requests', description: "Customers' requests (ownership change, reconnection, plan changes…): read them, approve or reject them." }],
  async routes(app, ctx) {
    await requestRoutes(app, ctx);
    await decisionRoute(app, ctx);
  },
  webhooks: [
    { event: 'request.submitted', on: 'service-requests.submitted', description: 'A customer filed a request.', data: requestSubmittedData },
    {
      event: 'request.decided',
      on: 'service-requests.status-changed',
      description: 'A request was approved or rejected, in the back office or through this API.',
      data: requestDecidedData,
    },
  ],
};
