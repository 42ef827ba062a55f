/** Route ids are positive integers; anything else cannot name an invoice and is a plain 404. */
export function invoiceId(raw: string): number | null {
  if (!/^\d{1,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id > 0 ? id : null;
}
