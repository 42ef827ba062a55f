import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Locale, Tenant } from 'portal/sdk';
import { formatDay, periodLabel } from '../domain/days.ts';
import type { DocumentKind } from '../domain/invoice-types.ts';
import { findInvoiceDocument } from './invoice-document.ts';
import { invoiceFile } from '../pdf/invoice-file.ts';
import type { InvoicesSettings } from '../settings.ts';
import { sqlOf, type Sql } from './sql.ts';

export interface NotifyContext {
  em: EntityManager;
  tenant: Tenant;
  portal: PortalServices;
  settings: InvoicesSettings;
  invoiceId: number;
}

/**
 * Which new documents are worth an email, wherever they were loaded: a credit note lowers what
 * the customer owes and a cancelled voucher asks nothing of them, so neither is news.
 */
export function isNotifiable(doc: { kind: DocumentKind; cancelled: boolean }): boolean {
  return doc.kind !== 'credit_note' && !doc.cancelled;
}

/** Where a new invoice's email would go, as stored with its account. */
export interface NotifyTarget {
  account_id: number;
  account_email: string | null;
  customer_email: string | null;
  locale: string | null;
  channel: string | null;
  /** Whom the email greets: the portal user's name, else the account holder's. */
  customer_name: string | null;
  holder_name: string;
}

/** Where new invoices' emails would go, by invoice id. */
export async function notifyTargets(sql: Sql, tenantId: string, invoiceIds: number[]): Promise<Map<number, NotifyTarget>> {
  if (!invoiceIds.length) return new Map();
  const rows = await sql<NotifyTarget & { id: number }>(
    `SELECT i.id, a.id AS account_id, a.email AS account_email, c.email AS customer_email, c.locale, d.channel,
       c.name AS customer_name, a.holder_name
     FROM invoices i
     JOIN accounts a ON a.id = i.account_id AND a.tenant_id = i.tenant_id
     LEFT JOIN customers c ON c.id = a.customer_id AND c.tenant_id = a.tenant_id
     LEFT JOIN invoice_delivery d ON d.account_id = a.id AND d.tenant_id = a.tenant_id
     WHERE i.tenant_id = ? AND i.id IN (?)`,
    [tenantId, invoiceIds],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Whether a target gets an email at all: electronic delivery (the tenant's default when unset) and an address. */
export function wantsEmail(target: NotifyTarget, settings: InvoicesSettings): boolean {
  return (target.channel ?? settings.defaultDelivery) === 'email' && Boolean(target.customer_email ?? target.account_email);
}

/**
 * Emails a new invoice, PDF attached, when the account's customer chose electronic delivery.
 * Queued in the caller's transaction: the message exists exactly when the invoice does.
 */
export async function notifyNewInvoice(ctx: NotifyContext & { target?: NotifyTarget }): Promise<boolean> {
  const sql = sqlOf(ctx.em);
  const tenantId = ctx.tenant.id;
  const target = ctx.target ?? (await notifyTargets(sql, tenantId, [ctx.invoiceId])).get(ctx.invoiceId);
  if (!target) return false;
  if (!wantsEmail(target, ctx.settings)) return false;
  const to = (target.customer_email ?? target.account_email)!;

  const doc = await findInvoiceDocument(sql, tenantId, ctx.invoiceId, [target.account_id]);
  if (!doc) return false;
  const file = await invoiceFile(sql, ctx.portal.files, ctx.tenant, ctx.settings, doc);
  const locale: Locale = target.locale && ctx.tenant.locales.includes(target.locale as Locale) ? (target.locale as Locale) : ctx.tenant.locale;
  const brand = ctx.tenant.brands.find((b) => b.id === doc.brandId) ?? ctx.tenant.brands[0];
  const typeName = ctx.portal.views.catalogFor(ctx.tenant).t(locale, `invoices.types.${doc.type.kind}`, { letter: doc.type.letter });
  await ctx.portal.mail.queue(ctx.em, {
    tenant: ctx.tenant,
    brand,
    to,
    locale,
    template: 'invoices/emails/new-invoice',
    subject: 'invoices.mail.subject',
    subjectParams: { type: typeName, number: doc.fiscalNumber },
    data: {
      name: target.customer_name ?? target.holder_name,
      typeName,
      number: doc.fiscalNumber,
      accountNumber: doc.accountNumber,
      period: periodLabel(doc.period, locale),
      total: doc.total,
      dueDate: formatDay(doc.dueDate),
      link: ctx.portal.links.absolute(ctx.tenant, `/invoices/${doc.id}`, brand),
    },
    attachments: [{ filename: file.filename, contentType: 'application/pdf', content: file.content }],
  });
  return true;
}
