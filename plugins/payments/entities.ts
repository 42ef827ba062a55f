import { defineEntity, p } from '@mikro-orm/core';

/*
 * Tables come from migrations/001_payments.sql. State changes go through raw SQL with row locks
 * (processing/); these entities give pages the tenant filter for plain reads and keep the
 * schema-drift test honest.
 */

export const Payment = defineEntity({
  name: 'PaymentsPayment',
  tableName: 'payments_payments',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    reference: p.string(),
    accountId: p.integer(),
    customerId: p.integer().nullable(),
    gateway: p.string(),
    kind: p.string(),
    amount: p.decimal(),
    currency: p.string(),
    description: p.string(),
    status: p.string(),
    statusDetail: p.string().nullable(),
    checkoutId: p.string().nullable(),
    gatewayPaymentId: p.string().nullable(),
    paidAt: p.datetime().nullable(),
    refundId: p.string().nullable(),
    refundReason: p.string().nullable(),
    refundedBy: p.integer().nullable(),
    refundedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export const PaymentInvoice = defineEntity({
  name: 'PaymentsPaymentInvoice',
  tableName: 'payments_payment_invoices',
  properties: {
    paymentId: p.integer().primary(),
    invoiceId: p.integer().primary(),
    tenantId: p.string(),
    invoiceExternalId: p.string(),
    kind: p.string(),
    label: p.string(),
    amount: p.decimal(),
  },
});

export const PaymentEvent = defineEntity({
  name: 'PaymentsEvent',
  tableName: 'payments_events',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    tenantId: p.string(),
    gateway: p.string(),
    eventKey: p.string(),
    source: p.string(),
    paymentId: p.integer().nullable(),
    outcome: p.string(),
    status: p.string().nullable(),
    detail: p.string().nullable(),
    receivedAt: p.datetime().onCreate(() => new Date()),
  },
});

export const SandboxCharge = defineEntity({
  name: 'PaymentsSandboxCharge',
  tableName: 'payments_sandbox_charges',
  properties: {
    token: p.string().primary(),
    tenantId: p.string(),
    reference: p.string(),
    amount: p.decimal(),
    currency: p.string(),
    description: p.string(),
    status: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export const PaymentReport = defineEntity({
  name: 'PaymentsReport',
  tableName: 'payments_reports',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    accountId: p.integer(),
    customerId: p.integer().nullable(),
    amount: p.decimal(),
    paidOn: p.string().columnType('date'),
    method: p.string(),
    collector: p.string().nullable(),
    reference: p.string().nullable(),
    invoiceId: p.integer().nullable(),
    invoiceExternalId: p.string().nullable(),
    invoiceKind: p.string().nullable(),
    invoiceLabel: p.string().nullable(),
    receiptKey: p.string(),
    receiptType: p.string(),
    status: p.string(),
    rejectReason: p.string().nullable(),
    reviewedBy: p.integer().nullable(),
    reviewedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export const Agreement = defineEntity({
  name: 'PaymentsAgreement',
  tableName: 'payments_agreements',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    accountId: p.integer(),
    customerId: p.integer().nullable(),
    externalId: p.string().nullable(),
    status: p.string(),
    debt: p.decimal(),
    downPayment: p.decimal(),
    instalments: p.smallint(),
    instalmentAmount: p.decimal(),
    note: p.string().nullable(),
    rejectReason: p.string().nullable(),
    reviewedBy: p.integer().nullable(),
    reviewedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export const AgreementInstalment = defineEntity({
  name: 'PaymentsAgreementInstalment',
  tableName: 'payments_agreement_instalments',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    agreementId: p.integer(),
    number: p.smallint(),
    dueDate: p.string().columnType('date'),
    amount: p.decimal(),
    paidOn: p.string().columnType('date').nullable(),
  },
});

export const paymentEntities = [Payment, PaymentInvoice, PaymentEvent, SandboxCharge, PaymentReport, Agreement, AgreementInstalment];
