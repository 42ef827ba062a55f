/** Who acted, by the portal's id and, once you loaded the customer, yours. */
export const customerSchema = {
  type: ['object', 'null'],
  description: 'null when the customer was removed since.',
  properties: { id: { type: 'integer' }, externalId: { type: ['string', 'null'], description: 'Your id of the customer.' } },
} as const;

/** The columns of a LEFT JOIN on `customers`: null when the customer was removed. */
export interface CustomerRefRow {
  customer_id: number | null;
  customer_external_id: string | null;
}

/** From rows that joined `customers` as `customer_id`, `customer_external_id`. */
export function customerOf(r: CustomerRefRow): { id: number; externalId: string | null } | null {
  return r.customer_id ? { id: r.customer_id, externalId: r.customer_external_id ?? null } : null;
}
