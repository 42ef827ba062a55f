import type { Portal } from '../../core/portal.ts';
import { Account, Customer } from '../../core/accounts/entities.ts';
import { hashPassword } from '../../core/auth/passwords.ts';
import type { InvoicesProvides } from '../../plugins/invoices/provides.ts';
import { MeterReadingsProvider } from '../../plugins/meter-readings/data/provider-service.ts';
import type { MeterInput, ReadingInput } from '../../plugins/meter-readings/data/provider-input.ts';
import { localDate } from '../../core/i18n/zoned-time.ts';
import { addDays, addMonths } from '../../plugins/meter-readings/domain/local-date.ts';

export const TENANT = 'malla';
export const HOST = 'portal.malla.test';
export const PASSWORD = 'Cluster-Ceibo-2026';
const TIMEZONE = 'America/Argentina/Buenos_Aires';

/** What one journey needs: a customer of their own, an invoice to pay and a meter whose reading window is open. */
export interface JourneyCustomer {
  email: string;
  accountNumber: string;
  accountId: number;
  invoiceId: number;
  invoiceTotal: string;
  meterId: number;
  /** A plausible next reading for the meter. */
  nextReading: number;
}

/**
 * Customers for the journeys, one per journey, so no per-customer limit (tickets an hour, one
 * reading a window) shapes the run. Written through the plugins' own provider services, as the
 * provider's systems load them.
 */
export async function seedJourneyCustomers(portal: Portal, count: number): Promise<JourneyCustomer[]> {
  const em = portal.db.forTenant(TENANT);
  const passwordHash = await hashPassword(PASSWORD);
  // One flush for all customers, then one for their accounts (which need the customers' ids):
  // a flush each took a round trip per row, 800 of them, on a run's setup clock.
  const customers = Array.from({ length: count }, (_, k) =>
    em.create(Customer, { tenantId: TENANT, email: `cliente${k + 1}@malla.test`, name: `Cliente ${k + 1}`, passwordHash, emailVerifiedAt: new Date() }),
  );
  await em.flush();
  const accounts = customers.map((customer, k) =>
    em.create(Account, {
      tenantId: TENANT, number: `M-${String(k + 1).padStart(5, '0')}`, holderName: customer.name, documentType: 'DNI', documentNumber: String(30_000_001 + k), email: customer.email, customerId: customer.id,
    }),
  );
  await em.flush();
  const seeded = accounts.map((account) => ({ email: account.email!, accountNumber: account.number, accountId: account.id }));

  const tenant = portal.tenants.get(TENANT)!;
  const invoices = portal.services.plugins.get<InvoicesProvides>('invoices').service(tenant, portal.db.forTenant(TENANT));
  const invoiceIds: number[] = [];
  for (const [i, c] of seeded.entries()) {
    const { id } = await invoices.upsertInvoice(
      { externalId: `inv-${c.accountNumber}`, accountNumber: c.accountNumber, typeCode: 6, number: `00009-${String(i + 1).padStart(8, '0')}`, issueDate: '2026-11-01', period: '2026-11', dueDate: '2099-12-20', total: `${1000 + i}.50` },
      { notify: false },
    );
    invoiceIds.push(id);
  }

  // A reading date two days ahead: the window (5 days before it) is open for the whole run.
  const provider = new MeterReadingsProvider(portal.db.forTenant(TENANT), TENANT);
  const next = addDays(localDate(new Date(), TIMEZONE), 2);
  const meters: MeterInput[] = seeded.map((c) => ({ externalId: `med-${c.accountNumber}`, accountNumber: c.accountNumber, number: `N-${c.accountNumber}`, kind: 'water', digits: 6, registers: ['total'] }));
  await provider.upsertMeters(meters);
  await provider.upsertSchedule(meters.map((m) => ({ meterExternalId: m.externalId, dates: [next, addMonths(next, 1)] })));
  const history: ReadingInput[] = meters.flatMap((m) =>
    [3, 2, 1].map((k) => ({ externalId: `${m.externalId}-${k}`, meterExternalId: m.externalId, readOn: addMonths(next, -k), value: 1000 + 30 * (3 - k), source: 'company' as const })),
  );
  await provider.upsertReadings(history);
  const rows = await portal.db.orm.em.getConnection().execute<{ id: number; external_id: string }[]>(`SELECT id, external_id FROM meter_readings_meters WHERE tenant_id = ?`, [TENANT]);
  const meterIds = new Map(rows.map((r) => [r.external_id, Number(r.id)]));

  return seeded.map((c, i) => ({
    ...c,
    invoiceId: invoiceIds[i],
    invoiceTotal: `${1000 + i}.50`,
    meterId: meterIds.get(`med-${c.accountNumber}`)!,
    nextReading: 1090 + (i % 20),
  }));
}
