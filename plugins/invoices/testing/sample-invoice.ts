import type { InvoiceInput } from '../data/input-schemas.ts';

/** A complete type B invoice as a provider would send it; tests change only what they look at. */
export function sampleInvoice(accountNumber: string, overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
    externalId: `inv-${accountNumber}-2025-01`,
    accountNumber,
    typeCode: 6,
    number: '00008-00068421',
    issueDate: '2025-01-14',
    period: '2025-01',
    serviceFrom: '2025-01-01',
    serviceTo: '2025-01-31',
    dueDate: '2025-01-24',
    secondDueDate: '2025-02-03',
    secondDueTotal: '25725.00',
    netAmount: '20247.93',
    vatAmount: '4252.07',
    total: '24500.00',
    authorization: { type: 'E', code: '75012345678901', dueDate: '2025-01-24' },
    serviceType: 'Internet',
    product: 'Fibra 300 Mb',
    recipient: { vatCondition: 'Consumidor Final', address: 'Av. Siempreviva 742, Rosario' },
    lines: [
      { description: 'Abono mensual Fibra 300 Mb', quantity: 1, unitPrice: '23000.00', amount: '23000.00' },
      { description: 'Alquiler de módem', quantity: 1, unitPrice: '1500.00', amount: '1500.00' },
    ],
    ...overrides,
  };
}

/** `count` monthly invoices ending with `last` (`YYYY-MM`), numbered apart so none collide. */
export function monthlyInvoices(accountNumber: string, last: string, count: number, start = 1000): InvoiceInput[] {
  const [y, m] = last.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    const period = d.toISOString().slice(0, 7);
    return sampleInvoice(accountNumber, {
      externalId: `inv-${accountNumber}-${period}`,
      number: `00008-${String(start + i).padStart(8, '0')}`,
      period,
      issueDate: `${period}-01`,
      serviceFrom: `${period}-01`,
      serviceTo: `${period}-28`,
      dueDate: `${period}-10`,
      secondDueDate: `${period}-20`,
    });
  });
}
