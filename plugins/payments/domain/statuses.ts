/**
 * Where a payment can be. Notifications arrive late, twice and out of order, so a payment only
 * moves to a higher rank: a late "pending" never undoes "approved", and an approval of a second
 * attempt still wins over the first attempt's rejection.
 */
export const PAYMENT_STATUSES = ['created', 'pending', 'rejected', 'cancelled', 'approved', 'refunded', 'charged_back'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

const RANK: Record<PaymentStatus, number> = {
  created: 0,
  pending: 10,
  rejected: 20,
  cancelled: 20,
  approved: 30,
  refunded: 40,
  charged_back: 40,
};

export function isForward(from: PaymentStatus, to: PaymentStatus): boolean {
  return RANK[to] > RANK[from];
}

/** Still waiting for the gateway: what the reconcile job asks about. */
export const OPEN_STATUSES: readonly PaymentStatus[] = ['created', 'pending'];

export function isPaymentStatus(value: unknown): value is PaymentStatus {
  return typeof value === 'string' && (PAYMENT_STATUSES as readonly string[]).includes(value);
}
