import { digitsOf, isValidCuit } from '../accounts/documents.ts';

/**
 * The holder data seed 001 asks at first access: name, document type and number. Each choice
 * matches the codes an account may carry on file (imports and the API write DNI, CUIT, CUIL, LE,
 * LC, PAS…); LE and LC, the booklets older holders still have, are one choice.
 */
export const REGISTRATION_DOCUMENT_TYPES = {
  DNI: ['DNI'],
  CUIT: ['CUIT'],
  CUIL: ['CUIL'],
  PAS: ['PAS', 'PASAPORTE', 'PASSPORT'],
  LELC: ['LE', 'LC'],
} as const satisfies Record<string, readonly string[]>;

export type RegistrationDocumentType = keyof typeof REGISTRATION_DOCUMENT_TYPES;

export function isRegistrationDocumentType(value: string): value is RegistrationDocumentType {
  return Object.hasOwn(REGISTRATION_DOCUMENT_TYPES, value);
}

/** A document as compared: digits (leading zeros dropped) for numeric ones, letters and digits for passports. */
export type TypedDocument = { type: RegistrationDocumentType; value: string };

/** Reads the typed number for the chosen type; a string is the i18n key of what is wrong with it. */
export function readTypedDocument(type: RegistrationDocumentType, typed: string): TypedDocument | string {
  const trimmed = typed.trim();
  if (type === 'PAS') {
    const value = trimmed.replace(/[\s.-]/g, '').toUpperCase();
    return /^[A-Z0-9]{6,12}$/.test(value) ? { type, value } : 'register.errors.passport';
  }
  if (!/^[\d.\-\s/]+$/.test(trimmed)) return `register.errors.digits${type}`;
  const digits = digitsOf(trimmed);
  if (type === 'CUIT' || type === 'CUIL') {
    if (digits.length !== 11) return `register.errors.digits${type}`;
    return isValidCuit(digits) ? { type, value: digits } : 'documents.cuitCheckDigit';
  }
  // DNI, LE and LC: 7 or 8 digits on the card; some files keep a leading zero.
  if (digits.length < 7 || digits.length > 8) return `register.errors.digits${type}`;
  return { type, value: stripLeadingZeros(digits) };
}

/** Whether the account's document on file is of the chosen type and has the typed number. */
export function sameTypedDocument(onFile: { documentType: string; documentNumber: string }, typed: TypedDocument): boolean {
  const codes: readonly string[] = REGISTRATION_DOCUMENT_TYPES[typed.type];
  if (!codes.includes(onFile.documentType.trim().toUpperCase())) return false;
  if (typed.type === 'PAS') return onFile.documentNumber.replace(/[\s.-]/g, '').toUpperCase() === typed.value;
  const digits = digitsOf(onFile.documentNumber);
  return (typed.type === 'CUIT' || typed.type === 'CUIL' ? digits : stripLeadingZeros(digits)) === typed.value;
}

/**
 * Whether a typed name is the holder's, as people write their own: case, accents, punctuation and
 * word order do not count, and a middle name may be left out ("María Quispe" for "QUISPE, María
 * Laura"). Every typed word must be in the name on file, and at least two of them unless the name
 * on file is one word: a lone surname is not enough.
 */
export function sameHolderName(onFile: string, typed: string): boolean {
  const held = new Set(nameWords(onFile));
  const given = [...new Set(nameWords(typed))];
  if (given.length === 0 || given.length < Math.min(2, held.size)) return false;
  return given.every((w) => held.has(w));
}

function nameWords(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function stripLeadingZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}
