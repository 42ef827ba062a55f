import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, Customer } from '../accounts/entities.ts';

/** A customer logs in with an account number or an email; both are looked up in the tenant only. */
export async function findCustomerByIdentifier(em: EntityManager, identifier: string) {
  const value = identifier.trim();
  if (!value) return null;
  if (value.includes('@')) return findCustomerByEmail(em, value);
  const account = await em.findOne(Account, { number: value });
  if (!account?.customerId) return null;
  return em.findOne(Customer, { id: account.customerId });
}

/** Emails are unique per tenant regardless of case (the index is on lower(email)). */
export async function findCustomerByEmail(em: EntityManager, email: string) {
  return em.findOne(Customer, { email: { $ilike: escapeLike(email.trim()) } });
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
