import type { JobDefinition } from 'portal/sdk';
import { expireEnded } from '../data/notices.ts';

/** Every night, notices that ended leave the customers' pages and show as expired to operators. */
export const expireJob: JobDefinition = {
  name: 'expire',
  cron: '0 4 * * *',
  run: async ({ em, tenant, slot }) => {
    await expireEnded(em, tenant.id, slot);
  },
};
