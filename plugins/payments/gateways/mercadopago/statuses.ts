import type { PaymentStatus } from '../../domain/statuses.ts';

/** Mercado Pago's payment statuses in ours. A dispute (`in_mediation`) is still money on its way. */
const MAP: Record<string, PaymentStatus> = {
  approved: 'approved',
  authorized: 'pending',
  in_process: 'pending',
  pending: 'pending',
  in_mediation: 'pending',
  rejected: 'rejected',
  cancelled: 'cancelled',
  refunded: 'refunded',
  charged_back: 'charged_back',
};

export function fromMercadoPagoStatus(status: unknown): PaymentStatus {
  return (typeof status === 'string' && MAP[status]) || 'pending';
}
