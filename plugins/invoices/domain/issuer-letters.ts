import { INVOICE_TYPES, type InvoiceType } from './invoice-types.ts';

type Letter = InvoiceType['letter'];

/**
 * The letters an issuer may use, by its condición frente al IVA (RG 1415): a Responsable
 * Inscripto issues A (or M) to another RI and B to everyone else; exempt and monotributo issuers
 * issue C, with no VAT discriminated.
 */
const LETTERS: Record<string, readonly Letter[]> = {
  'Responsable Inscripto': ['A', 'B', 'M'],
  'IVA Sujeto Exento': ['C'],
  'Responsable Monotributo': ['C'],
  'Monotributista Social': ['C'],
};

/** Letters the issuer may use; every letter when its condition is not known. */
export function issuerLetters(vatCondition: string | undefined): readonly Letter[] {
  return (vatCondition && LETTERS[vatCondition]) || ['A', 'B', 'C', 'M'];
}

export function mayIssue(vatCondition: string | undefined, code: number): boolean {
  const type = INVOICE_TYPES.get(code);
  return type !== undefined && issuerLetters(vatCondition).includes(type.letter);
}

/** Invoices, debit and credit notes of the common letters (not M, not MiPyME) the issuer may use. */
export function defaultTypesOf(vatCondition: string | undefined): number[] {
  return [1, 2, 3, 6, 7, 8, 11, 12, 13].filter((code) => mayIssue(vatCondition, code));
}
