import type { PluginApi } from './contract.ts';
import { customerRoutes } from './resources/customers.ts';
import { accountRoutes } from './resources/accounts.ts';
import { serviceRoutes } from './resources/services.ts';
import { contactChangedData } from '../webhooks/contact-changed.ts';
import { coreImportKinds } from '../import/kinds/core-kinds.ts';

/** Core's part of the provider API, declared through the same contract as a plugin's. */
export const coreApi: PluginApi = {
  resources: [
    { name: 'customers', description: 'Logins of your customers, keyed by your id; self-registered ones are listed too.' },
    { name: 'accounts', description: 'Accounts, keyed by the number printed on invoices, and the login that holds each.' },
    { name: 'services', description: 'Contracted services of each account (plans, supplies, packages).' },
  ],
  async routes(app) {
    await customerRoutes(app);
    await accountRoutes(app);
    await serviceRoutes(app);
  },
  webhooks: [
    {
      event: 'contact.changed',
      on: 'customer.contact-changed',
      description: 'A customer changed their email, phone, mobile or address in the portal.',
      data: contactChangedData,
    },
  ],
  imports: coreImportKinds,
};
