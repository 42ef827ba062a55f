import type { Brand } from '../tenants/tenant.ts';

/**
 * The From and Reply-To of a brand's emails. The display name is the brand's (a customer of
 * "RedNorte" must not get mail from "Portal"); the address is the brand's own when its mail server
 * may send as it, else the host's, so deliverability never depends on a tenant file.
 */
export function senderOf(brand: Brand, hostFrom: string): { from: string; replyTo: string | null } {
  const name = (brand.mail.fromName ?? brand.name).replace(/["\\\r\n]/g, '').trim();
  const address = brand.mail.fromAddress ?? addressPart(hostFrom);
  return { from: `"${name}" <${address}>`, replyTo: brand.mail.replyTo ?? brand.contact.email ?? null };
}

/** `Portal <no-reply@x>` → `no-reply@x`; a bare address stays as it is. */
function addressPart(from: string): string {
  return (from.match(/<([^<>\s]+)>\s*$/)?.[1] ?? from).trim();
}
