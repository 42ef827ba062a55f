import type { TestPortal } from '../../support/test-portal.ts';
import { api, keyFor, type TenantKey } from './api-portal.ts';

export const ALL_SCOPES = ['customers', 'accounts', 'services', 'invoices', 'payments', 'movements', 'meters', 'readings'].map((r) => `${r}:write`);

/** One record of every resource, as a provider's billing system would PUT it (keys carry a tag so tenants can share them). */
export function records(tag: string) {
  return {
    customer: { path: `/api/v1/customers/C-${tag}`, body: { name: `Cliente ${tag}`, email: `c-${tag.toLowerCase()}@example.test`, phone: '0387-4000000' } },
    account: { path: `/api/v1/accounts/A-${tag}`, body: { holderName: `Cliente ${tag}`, documentType: 'DNI', documentNumber: '30123456', customerExternalId: `C-${tag}` } },
    service: { path: `/api/v1/services/S-${tag}`, body: { accountNumber: `A-${tag}`, kind: 'water', plan: 'Agua residencial', status: 'active' } },
    invoice: {
      path: `/api/v1/invoices/F-${tag}`,
      body: {
        accountNumber: `A-${tag}`, typeCode: 6, number: '00008-00000101', issueDate: '2025-01-14', period: '2025-01', dueDate: '2025-01-24',
        netAmount: '10000.00', vatAmount: '2100.00', total: '12100.00',
        lines: [{ description: 'Cargo fijo', unitPrice: '10000.00', amount: '10000.00', vatRate: '21.00' }],
      },
    },
    payment: { path: `/api/v1/payments/P-${tag}`, body: { accountNumber: `A-${tag}`, invoiceExternalId: `F-${tag}`, paidOn: '2025-01-20', amount: '12100.00', method: 'cash', collector: 'Rapipago' } },
    movement: { path: `/api/v1/movements/M-${tag}`, body: { accountNumber: `A-${tag}`, date: '2025-01-25', kind: 'adjustment', description: 'Bonificación', amount: '-500.00' } },
    meter: { path: `/api/v1/meters/MT-${tag}`, body: { accountNumber: `A-${tag}`, serviceExternalId: `S-${tag}`, number: `N-${tag}`, kind: 'water', digits: 5, route: 'R1' } },
    reading: { path: `/api/v1/readings/L-${tag}`, body: { meterExternalId: `MT-${tag}`, readOn: '2025-01-14', value: 1234, source: 'company' } },
  };
}

export type RecordName = keyof ReturnType<typeof records>;

/** Loads every record of `tag` into a tenant through the API, in dependency order, and returns its key. */
export async function loadAll(portal: TestPortal, tenant: TenantKey, tag: string): Promise<string> {
  const key = await keyFor(portal, tenant, ALL_SCOPES);
  const c = api(portal, tenant, key);
  for (const [name, r] of Object.entries(records(tag))) {
    const res = await c.put(r.path, r.body);
    if (res.statusCode !== 201) throw new Error(`${name} in ${tenant}: ${res.statusCode} ${res.body}`);
  }
  return key;
}
