/** Look at online payments, reported payments and agreement requests. */
export const PERMISSION_VIEW = 'payments.view';
/** Accept or reject a reported payment (accepting puts money on the statement). */
export const PERMISSION_REVIEW = 'payments.review';
/** Approve or reject a payment agreement request. */
export const PERMISSION_AGREEMENTS = 'payments.agreements';
/** Give an approved online payment back through its gateway (money leaves the provider). */
export const PERMISSION_REFUND = 'payments.refund';
