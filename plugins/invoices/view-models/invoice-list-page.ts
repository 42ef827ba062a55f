import type { InvoiceListRow } from '../data/invoice-list.ts';
import { accountLinks, type AccountHolder, type OwnedAccount } from '../routes/owned-account.ts';
import { presentInvoiceRow } from './invoice-row.ts';

/** The data of the `invoices/list` template; shared with the benchmark's raw page so both render the same. */
export function invoiceListPage(rows: InvoiceListRow[], customer: AccountHolder, account: OwnedAccount | undefined, periodsShown: number, today: string, locale: string) {
  return {
    account,
    accounts: customer.accounts.length > 1 ? accountLinks(customer, account, '/invoices') : [],
    invoices: rows.map((r) => presentInvoiceRow(r, today, locale)),
    periodsShown,
    statementHref: account ? `/invoices/statement?account=${encodeURIComponent(account.number)}` : null,
  };
}
