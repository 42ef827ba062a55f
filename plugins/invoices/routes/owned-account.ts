import type { CurrentCustomer } from 'portal/sdk';

export type OwnedAccount = Pick<CurrentCustomer['accounts'][number], 'id' | 'number' | 'holderName'>;

/** What these pages need of the signed-in customer. */
export interface AccountHolder {
  accounts: OwnedAccount[];
}

/**
 * The account a page is about: the one named by `?account=<number>` if the signed-in customer
 * holds it, else their first. `null` means the named account is not theirs (answer 404);
 * `undefined` means they hold no account at all.
 */
export function pickAccount(customer: AccountHolder, requested: unknown): OwnedAccount | null | undefined {
  if (requested === undefined || requested === '') return customer.accounts[0];
  if (typeof requested !== 'string') return null;
  return customer.accounts.find((a) => a.number === requested) ?? null;
}

/** Links to the same page for each of the customer's accounts, for the account switcher. */
export function accountLinks(customer: AccountHolder, current: OwnedAccount | undefined, path: string) {
  return customer.accounts.map((a) => ({
    number: a.number,
    holderName: a.holderName,
    href: `${path}?account=${encodeURIComponent(a.number)}`,
    current: a.id === current?.id,
  }));
}
