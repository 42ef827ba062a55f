/** Argentine identity documents as customers type them: DNI (7–8 digits) or CUIT/CUIL (11). */
export type DocumentKind = 'DNI' | 'CUIT';

export interface NormalisedDocument {
  kind: DocumentKind;
  digits: string;
}

const CUIT_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
/** Person (20–27), company (30–34) and foreign-entity (50–55) prefixes AFIP issues. */
const CUIT_PREFIXES = new Set(['20', '23', '24', '25', '26', '27', '30', '33', '34', '50', '51', '55']);

/** Invoices and ID cards print `20-12.345.678-6` or `12.345.678`; only the digits identify. */
export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

/** Mod-11 check digit as AFIP defines it; a remainder giving 10 is never issued. */
export function isValidCuit(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length !== 11 || !CUIT_PREFIXES.has(digits.slice(0, 2))) return false;
  const sum = CUIT_WEIGHTS.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[10]);
}

/**
 * Reads what a customer typed. Separators (dots, dashes, spaces, slashes) are dropped; anything
 * else makes it unreadable. Returns null when it is neither a DNI nor a valid CUIT.
 */
export function normaliseDocument(value: string): NormalisedDocument | null {
  const trimmed = value.trim();
  if (!/^[\d.\-\s/]+$/.test(trimmed)) return null;
  const digits = digitsOf(trimmed);
  if (digits.length === 7 || digits.length === 8) return { kind: 'DNI', digits: stripLeadingZeros(digits) };
  if (digits.length === 11 && isValidCuit(digits)) return { kind: 'CUIT', digits };
  return null;
}

/** Why a typed document is not acceptable, as an i18n key; null when it is. */
export function documentProblem(value: string): string | null {
  if (normaliseDocument(value)) return null;
  const digits = digitsOf(value);
  if (/^[\d.\-\s/]+$/.test(value.trim()) && digits.length === 11) return 'documents.cuitCheckDigit';
  return 'documents.invalid';
}

/** CUIL and CDI share the CUIT format; other document types (passports) cannot self-register. */
export function kindOfType(documentType: string): DocumentKind | null {
  const type = documentType.trim().toUpperCase();
  if (type === 'DNI') return 'DNI';
  if (type === 'CUIT' || type === 'CUIL' || type === 'CDI') return 'CUIT';
  return null;
}

/** Whether an account's document on file is the one the customer typed, comparing digits only. */
export function sameDocument(onFile: { documentType: string; documentNumber: string }, typed: NormalisedDocument): boolean {
  if (kindOfType(onFile.documentType) !== typed.kind) return false;
  const digits = digitsOf(onFile.documentNumber);
  return (typed.kind === 'DNI' ? stripLeadingZeros(digits) : digits) === typed.digits;
}

function stripLeadingZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}
