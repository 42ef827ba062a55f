import { createHash } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A payment reference that is the same on every run for the same account and purpose. */
export function demoReference(tenantId: string, accountNumber: string, purpose: string): string {
  const hash = createHash('sha256').update(`${tenantId}|${accountNumber}|${purpose}`).digest();
  let out = '';
  for (let i = 0; i < 10; i++) out += ALPHABET[hash[i] & 31];
  return `PG-${out}`;
}

/** The smallest file every PDF reader opens: what a demo receipt needs to be. */
export const DEMO_RECEIPT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
