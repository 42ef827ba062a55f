import { randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { Tenant } from '../tenants/tenant.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Links } from '../http/links.ts';
import type { AuditLog } from '../auth/audit.ts';
import { Account, Customer } from './entities.ts';
import { hashPassword } from '../auth/passwords.ts';
import { AccessKeyError } from './access-key-error.ts';

/** No 0/O, 1/I/L: a key is read off an email and typed by hand. */
const KEY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function generateAccessKey(): string {
  const chars = Array.from({ length: 12 }, () => KEY_ALPHABET[randomInt(KEY_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

/**
 * First access issued by the provider: the account's login (created if missing) gets a random
 * key as its password, marked to be changed at first login, and the key is emailed to the
 * customer through the outbox. Staff never see it.
 */
export async function issueAccessKey(
  deps: { mail: Mailer; links: Links; audit: AuditLog },
  em: EntityManager,
  tenant: Tenant,
  input: { accountNumber: string; email?: string; actor?: { type: 'staff' | 'system'; id?: string }; request?: FastifyRequest },
): Promise<{ customerId: number; email: string; outboxId: number }> {
  return em.transactional(async (tx) => {
    const account = await tx.findOne(Account, { number: input.accountNumber });
    if (!account) throw new AccessKeyError('unknown-account', `account ${input.accountNumber} does not exist in tenant ${tenant.id}`);
    let customer = account.customerId ? await tx.findOne(Customer, { id: account.customerId }) : null;
    const email = input.email ?? customer?.email ?? account.email;
    if (!email) throw new AccessKeyError('no-email', `account ${input.accountNumber} has no email on file; pass one`);
    const key = generateAccessKey();
    const passwordHash = await hashPassword(key);
    if (!customer) {
      customer = tx.create(Customer, { tenantId: tenant.id, name: account.holderName, email, passwordHash, mustChangePassword: true } as any);
      await tx.flush();
      account.customerId = customer.id;
    } else {
      customer.passwordHash = passwordHash;
      customer.mustChangePassword = true;
      customer.email ??= email;
    }
    deps.audit.recordWith(tx, tenant.id, {
      action: 'access-key.issued',
      outcome: 'success',
      subject: account.number,
      actorType: input.actor?.type ?? 'system',
      actorId: input.actor?.id ?? null,
      details: { email },
    }, input.request);
    await tx.flush();
    const brand = tenant.brands.find((b) => b.id === account.brandId) ?? tenant.brands[0];
    const outboxId = await deps.mail.queue(tx, {
      tenant,
      brand,
      to: email,
      locale: (customer.locale as 'es-AR' | 'en' | null) ?? tenant.locale,
      template: 'emails/access-key',
      subject: 'emails.accessKey.subject',
      subjectParams: { brand: brand.name },
      data: { name: customer.name, accountNumber: account.number, key, loginUrl: deps.links.absolute(tenant, '/login', brand) },
    });
    return { customerId: customer.id, email, outboxId };
  });
}
