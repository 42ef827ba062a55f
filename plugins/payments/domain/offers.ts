import type { ReceivableInvoice } from '../../invoices/api.ts';
import type { TenantGateway } from '../processing/gateways-of-tenant.ts';
import { toCents } from './money.ts';
import type { GatewayOffer, PayableDocument } from './pay-rules.ts';

/** The tenant's gateways as the button rules see them: an id and the voucher types it takes. */
export function offersOf(gateways: TenantGateway[]): GatewayOffer[] {
  return gateways.map((g) => ({ id: g.id, invoiceTypes: g.invoiceTypes }));
}

/** An invoice as the button rules see it. */
export function payable(doc: ReceivableInvoice): PayableDocument {
  return { id: doc.id, typeCode: doc.typeCode, balanceCents: toCents(doc.balance) };
}
