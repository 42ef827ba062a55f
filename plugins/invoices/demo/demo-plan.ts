import { addDays, addMonths } from '../domain/days.ts';
import { INVOICE_TYPES, type DocumentKind } from '../domain/invoice-types.ts';
import { fromCents, toCents } from '../domain/money.ts';
import type { InvoiceInput, MovementInput, PaymentInput } from '../data/input-schemas.ts';

export interface DemoAccountFacts {
  id: number;
  number: string;
  documentType: string;
  services: { kind: string; plan: string }[];
}

export interface DemoPlan {
  invoices: InvoiceInput[];
  payments: PaymentInput[];
  movements: MovementInput[];
}

export const DEMO_PERIODS = 14;

/** How customers really pay in Argentina, cycled through the paid invoices. */
const COLLECTORS: { method: PaymentInput['method']; collector: string }[] = [
  { method: 'cash', collector: 'Rapipago' },
  { method: 'cash', collector: 'Pago Fácil' },
  { method: 'direct_debit', collector: 'Banco Galicia' },
  { method: 'online', collector: 'Mercado Pago' },
  { method: 'transfer', collector: 'Link Pagos' },
  { method: 'credit_card', collector: 'Visa' },
];

const SERVICE_TYPES: Record<string, string> = {
  internet: 'Internet', phone: 'Telefonía', ip: 'Internet', water: 'Agua potable', sewer: 'Desagües cloacales',
  electricity: 'Energía eléctrica', hosting: 'Hosting', vps: 'Servidor virtual', dedicated: 'Servidor dedicado',
  domain: 'Dominios', email: 'Correo', backup: 'Backup',
};

/**
 * Fourteen monthly periods for one account ending in `thisMonth`, with every status the list
 * shows: the current invoice not yet due, an overdue or partly paid one, a cancelled invoice
 * and its replacement, a credit note, an adjustment, and paid ones through every kind of
 * collector. A pure function of the account and the month, so seeding twice writes nothing new.
 */
export function demoPlan(account: DemoAccountFacts, allowedTypes: number[], thisMonth: string): DemoPlan {
  const h = hash(account.number);
  const variant = h % 3;
  const company = account.documentType.toUpperCase() === 'CUIT';
  const invoiceCode = pickType(allowedTypes, 'invoice', company);
  const creditCode = pickType(allowedTypes, 'credit_note', company);
  if (invoiceCode === null) return { invoices: [], payments: [], movements: [] };
  const serviceType = SERVICE_TYPES[account.services[0]?.kind ?? ''] ?? 'Servicio';
  const product = account.services.map((s) => s.plan).join(' + ') || 'Abono mensual';
  const base = 1800000 + (h % 7) * 250000;
  const plan: DemoPlan = { invoices: [], payments: [], movements: [] };
  const key = (prefix: string, period: string) => `demo-${prefix}-${account.number}-${period}`;

  for (let k = DEMO_PERIODS - 1; k >= 0; k--) {
    const period = addMonths(thisMonth, -k);
    // Prices move every month, as they do here.
    const price = Math.round(base * 1.025 ** (DEMO_PERIODS - 1 - k));
    const equipment = h % 2 ? 150000 : 0;
    const due = k === 0 ? `${addMonths(period, 1)}-10` : `${period}-10`;
    const invoice = (suffix: string, cancelled: boolean, numberOffset: number): InvoiceInput =>
      document(account, {
        externalId: key('inv', period) + suffix, typeCode: invoiceCode, company, period, due, cancelled,
        number: fiscalNumber(account.id, period, numberOffset), lines: [[`Abono mensual ${product}`, price], ...(equipment ? [['Alquiler de equipo', equipment] as [string, number]] : [])],
        serviceType, product,
      });
    const pay = (invoiceExternalId: string, cents: number) => {
      const c = COLLECTORS[(h + k) % COLLECTORS.length];
      plan.payments.push({
        externalId: key('pay', period),
        accountNumber: account.number,
        invoiceExternalId,
        paidOn: addDays(due, -((h + k) % 6)),
        amount: fromCents(cents),
        method: c.method,
        collector: c.collector,
        reference: String(100000 + ((h + k * 7919) % 900000)),
      });
    };

    if (k === 5) {
      plan.invoices.push(invoice('', true, 0));
      const replacement = invoice('-r', false, 1);
      plan.invoices.push(replacement);
      pay(replacement.externalId, toCents(replacement.total));
      continue;
    }
    const current = invoice('', false, 0);
    plan.invoices.push(current);
    const total = toCents(current.total);
    if (k === 0 || (k === 1 && variant === 0)) continue;
    if ((k === 1 && variant === 1) || (k === 2 && variant === 0)) {
      pay(current.externalId, Math.round(total / 2));
      continue;
    }
    if (k === 7 && creditCode !== null) {
      const credit = Math.round(total * 0.2);
      plan.invoices.push(
        document(account, {
          externalId: key('nc', period), typeCode: creditCode, company, period, due, cancelled: false,
          number: fiscalNumber(account.id, period, 0), lines: [['Bonificación por interrupción del servicio', credit]],
          serviceType, product, related: current.externalId,
        }),
      );
      pay(current.externalId, total - credit);
      continue;
    }
    if (k === 9) {
      plan.movements.push({
        externalId: key('adj', period), accountNumber: account.number, date: `${period}-15`, kind: 'adjustment',
        description: 'Bonificación comercial', amount: '-500.00',
      });
    }
    pay(current.externalId, total);
  }
  return plan;
}

interface DocumentFacts {
  externalId: string;
  typeCode: number;
  company: boolean;
  period: string;
  due: string;
  cancelled: boolean;
  number: string;
  lines: [string, number][];
  serviceType: string;
  product: string;
  related?: string;
}

/** One fiscal document; B and C prices include VAT, A shows it apart. */
function document(account: DemoAccountFacts, f: DocumentFacts): InvoiceInput {
  const letter = INVOICE_TYPES.get(f.typeCode)!.letter;
  const vat = letter === 'C' ? 0 : 21;
  const lines = f.lines.map(([description, cents]) => {
    const amount = letter === 'A' ? Math.round(cents / 1.21) : cents;
    return { description, quantity: 1, unitPrice: fromCents(amount), vatRate: letter === 'A' ? 21 : null, amount: fromCents(amount) };
  });
  const gross = f.lines.reduce((a, [, c]) => a + c, 0);
  // Type A adds VAT on top of the line nets; B prices include it, so the net is worked back.
  const net = letter === 'A' ? lines.reduce((a, l) => a + toCents(l.amount), 0) : vat ? Math.round(gross / 1.21) : gross;
  const lastDay = addDays(`${addMonths(f.period, 1)}-01`, -1);
  const issueDate = `${f.period}-01`;
  return {
    externalId: f.externalId,
    accountNumber: account.number,
    typeCode: f.typeCode,
    number: f.number,
    issueDate,
    period: f.period,
    serviceFrom: `${f.period}-01`,
    serviceTo: lastDay,
    dueDate: f.due,
    secondDueDate: addDays(f.due, 10),
    secondDueTotal: fromCents(Math.round(gross * 1.05)),
    netAmount: fromCents(net),
    vatAmount: fromCents(gross - net),
    total: fromCents(gross),
    cancelled: f.cancelled || undefined,
    relatedInvoiceExternalId: f.related,
    authorization: { type: 'E', code: cae(f.externalId), dueDate: addDays(issueDate, 10) },
    serviceType: f.serviceType,
    product: f.product.slice(0, 255),
    recipient: { vatCondition: f.company ? 'IVA Responsable Inscripto' : 'Consumidor Final' },
    lines,
  };
}

/** Companies (CUIT) get the A letter when the provider issues it; everyone else B, else C. */
function pickType(allowed: number[], kind: DocumentKind, company: boolean): number | null {
  const letters = company ? ['A', 'B', 'C', 'M'] : ['B', 'C', 'A', 'M'];
  for (const letter of letters) {
    const found = allowed.find((code) => {
      const t = INVOICE_TYPES.get(code);
      return t && t.kind === kind && t.letter === letter && !t.mipyme;
    });
    if (found !== undefined) return found;
  }
  return null;
}

/** Point of sale 8; numbers unique per account and month, so reseeding never collides. */
function fiscalNumber(accountId: number, period: string, offset: number): string {
  const [y, m] = period.split('-').map(Number);
  const n = (accountId % 249_999) * 400 + ((y * 12 + m) % 200) * 2 + offset;
  return `00008-${String(n).padStart(8, '0')}`;
}

/** A CAE-shaped fourteen-digit code, different for every document. */
function cae(seed: string): string {
  return `7${String(hash(seed)).padStart(10, '0')}${String(hash(`${seed}#`) % 1000).padStart(3, '0')}`;
}

/** FNV-1a: stable across runs and machines, unlike anything random. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
