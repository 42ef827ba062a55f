/** Stripe's API takes form bodies with bracketed keys: `line_items[0][price_data][currency]=ars`. */
export function stripeForm(fields: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) params.append(key, String(value));
  return params.toString();
}
