import { defineEntity, p } from '@mikro-orm/core';

/** A person who logs in. One login may hold several accounts of the same tenant. */
export const Customer = defineEntity({
  name: 'Customer',
  tableName: 'customers',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    email: p.string().nullable(),
    name: p.string(),
    phone: p.string().nullable(),
    mobile: p.string().nullable(),
    address: p.string().nullable(),
    locale: p.string().nullable(),
    passwordHash: p.string().nullable().hidden(),
    mustChangePassword: p.boolean().default(false),
    emailVerifiedAt: p.datetime().nullable(),
    lockedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

/** A customer account at the provider (what an invoice is issued to). */
export const Account = defineEntity({
  name: 'Account',
  tableName: 'accounts',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    number: p.string(),
    holderName: p.string(),
    documentType: p.string(),
    documentNumber: p.string(),
    /** Contact email the provider has on file; first-access keys are sent here. */
    email: p.string().nullable(),
    brandId: p.string().nullable(),
    customerId: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

/** A contracted service of an account (internet plan, water supply, hosting package…). */
export const AccountService = defineEntity({
  name: 'AccountService',
  tableName: 'account_services',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    accountId: p.integer(),
    externalId: p.string().nullable(),
    kind: p.string(),
    plan: p.string(),
    address: p.string().nullable(),
    status: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** Append-only trail of logins and account changes (UTC). */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    tenantId: p.string(),
    at: p.datetime().onCreate(() => new Date()),
    actorType: p.string(),
    actorId: p.string().nullable(),
    action: p.string(),
    subject: p.string().nullable(),
    outcome: p.string(),
    ip: p.string().nullable(),
    userAgent: p.string().nullable(),
    details: p.json<Record<string, unknown>>().nullable(),
  },
});

export const coreEntities = [Customer, Account, AccountService, AuditEntry];
