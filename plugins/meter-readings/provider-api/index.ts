import type { PluginApi } from 'portal/sdk';
import { meterRoutes } from './meter-routes.ts';
import { readingRoutes } from './reading-routes.ts';
import { metersImport } from './import-meters.ts';
import { readingsImport } from './import-readings.ts';
import { readingSubmittedData } from './reading-submitted.ts';

/** The meter-readings plugin's part of the provider API: see core/api/contract.ts and docs/plugins.md. */
export const meterReadingsApi: PluginApi = {
  resources: [
    { name: 'meters', description: 'Meters of each account, with their registers and reading route.' },
    { name: 'readings', description: "Company, estimated and telemetry readings you load; customers' readings to bill." },
  ],
  async routes(app) {
    await meterRoutes(app);
    await readingRoutes(app);
  },
  webhooks: [
    {
      event: 'reading.submitted',
      on: 'meter-readings.reading-submitted',
      description: 'A customer sent (or replaced, within the window) a meter reading.',
      data: readingSubmittedData,
    },
  ],
  imports: [metersImport, readingsImport],
};
