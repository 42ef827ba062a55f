import { defineEntity, p } from '@mikro-orm/core';

/*
 * The tables come from migrations/001_invoices.sql. Writes go through the invoice service
 * (plain SQL upserts keyed by the provider's ids); these entities give pages the tenant filter
 * for simple reads and keep the schema-drift test honest.
 */

export const Invoice = defineEntity({
  name: 'InvoicesInvoice',
  tableName: 'invoices',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    accountId: p.integer(),
    externalId: p.string(),
    contentHash: p.string(),
    typeCode: p.smallint(),
    pointOfSale: p.integer(),
    number: p.integer(),
    issueDate: p.date(),
    period: p.string(),
    serviceFrom: p.date().nullable(),
    serviceTo: p.date().nullable(),
    dueDate: p.date(),
    secondDueDate: p.date().nullable(),
    secondDueTotal: p.decimal().nullable(),
    currency: p.string(),
    exchangeRate: p.decimal(),
    netAmount: p.decimal(),
    exemptAmount: p.decimal(),
    vatAmount: p.decimal(),
    otherTaxes: p.decimal(),
    total: p.decimal(),
    paidAmount: p.decimal(),
    creditedAmount: p.decimal(),
    cancelled: p.boolean(),
    relatedInvoiceId: p.integer().nullable(),
    authorizationType: p.string(),
    authorizationCode: p.string().nullable(),
    authorizationDueDate: p.date().nullable(),
    serviceType: p.string().nullable(),
    product: p.string().nullable(),
    recipientName: p.string(),
    recipientDocType: p.smallint().nullable(),
    recipientDocNumber: p.string().nullable(),
    recipientVatCondition: p.string().nullable(),
    recipientAddress: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export const InvoiceLine = defineEntity({
  name: 'InvoicesLine',
  tableName: 'invoice_lines',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    invoiceId: p.integer(),
    lineNo: p.smallint(),
    description: p.string(),
    quantity: p.decimal(),
    unitPrice: p.decimal(),
    vatRate: p.decimal().nullable(),
    amount: p.decimal(),
  },
});

export const InvoicePayment = defineEntity({
  name: 'InvoicesPayment',
  tableName: 'invoice_payments',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    accountId: p.integer(),
    invoiceId: p.integer().nullable(),
    externalId: p.string(),
    contentHash: p.string(),
    paidOn: p.date(),
    amount: p.decimal(),
    method: p.string(),
    collector: p.string().nullable(),
    reference: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export const AccountMovement = defineEntity({
  name: 'InvoicesMovement',
  tableName: 'account_movements',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    accountId: p.integer(),
    externalId: p.string().nullable(),
    contentHash: p.string(),
    kind: p.string(),
    movementDate: p.date(),
    description: p.string().nullable(),
    amount: p.decimal(),
    invoiceId: p.integer().nullable(),
    paymentId: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export const InvoiceDelivery = defineEntity({
  name: 'InvoicesDelivery',
  tableName: 'invoice_delivery',
  properties: {
    accountId: p.integer().primary(),
    tenantId: p.string(),
    channel: p.string(),
    changedBy: p.integer().nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export const InvoiceFile = defineEntity({
  name: 'InvoicesFile',
  tableName: 'invoice_files',
  properties: {
    invoiceId: p.integer().primary(),
    tenantId: p.string(),
    filename: p.string(),
    sha256: p.string(),
    /** Rows from before 004_file_keys.sql; newer ones have `fileKey` in the file store instead. */
    content: p.blob().lazy().nullable(),
    fileKey: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** A bulk-imported invoice whose email the notify-imported job has yet to queue (003_pending_notices.sql). */
export const InvoicePendingNotice = defineEntity({
  name: 'InvoicesPendingNotice',
  tableName: 'invoice_pending_notices',
  properties: {
    invoiceId: p.integer().primary(),
    tenantId: p.string(),
    attempts: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export const invoiceEntities = [Invoice, InvoiceLine, InvoicePayment, AccountMovement, InvoiceDelivery, InvoiceFile, InvoicePendingNotice];
