import { formatCuit } from '../domain/cuit.ts';

/** How the recipient's document is introduced on the invoice, by AFIP document type code. */
const DOC_LABELS: Record<number, string> = { 80: 'CUIT', 86: 'CUIL', 87: 'CDI', 89: 'LE', 90: 'LC', 94: 'Pasaporte', 96: 'DNI', 99: 'Doc.' };

export function recipientDocument(docType: number | null, docNumber: string | null): { label: string; value: string } {
  const label = docType !== null ? (DOC_LABELS[docType] ?? 'Doc.') : 'Doc.';
  if (!docNumber || docType === 99) return { label, value: 'Sin identificar' };
  return { label, value: docType === 80 || docType === 86 ? formatCuit(docNumber) : docNumber };
}
