import type { ImportContext } from 'portal/sdk';

export interface AccountRef {
  id: number;
  holderName: string;
  documentType: string;
  documentNumber: string;
}

/**
 * The batch's accounts by number. A file lists the same accounts month after month, so the ones
 * found are kept for the run and only new numbers are looked up (one query per batch).
 */
export async function accountsByNumber(ctx: ImportContext, numbers: string[]): Promise<Map<string, AccountRef>> {
  let known = ctx.memo.get('accounts') as Map<string, AccountRef> | undefined;
  if (!known) ctx.memo.set('accounts', (known = new Map()));
  const missing = [...new Set(numbers)].filter((n) => !known.has(n));
  if (missing.length) {
    const rows = await ctx.query<{ id: number; number: string; holder_name: string; document_type: string; document_number: string }>(
      `SELECT id, number, holder_name, document_type, document_number FROM accounts WHERE tenant_id = $1 AND number = ANY($2::text[])`,
      [ctx.tenant.id, missing],
    );
    for (const r of rows) known.set(r.number, { id: r.id, holderName: r.holder_name, documentType: r.document_type, documentNumber: r.document_number });
  }
  return known;
}

/** The service's `field: message` problems as import problems of one row. */
export function rowProblems(row: number, problems: string[]) {
  return problems.map((text) => {
    const colon = text.indexOf(': ');
    return colon > 0 ? { row, field: text.slice(0, colon), reason: text.slice(colon + 2) } : { row, field: '', reason: text };
  });
}
