/** The eleven digits of a CUIT/CUIL, or null when the text is not one (dashes and spaces allowed). */
export function cuitDigits(value: string): string | null {
  const digits = value.replace(/[-\s]/g, '');
  return /^\d{11}$/.test(digits) ? digits : null;
}

/**
 * AFIP's mod-11 check (core's, the one every form uses): a mistyped CUIT on a fiscal document
 * makes the QR code point to a document that does not exist, so settings are checked first.
 */
export { isValidCuit } from 'portal/sdk';

/** `33693450239` → `33-69345023-9`, the way it is printed. */
export function formatCuit(value: string): string {
  const d = cuitDigits(value);
  return d ? `${d.slice(0, 2)}-${d.slice(2, 10)}-${d.slice(10)}` : value;
}
