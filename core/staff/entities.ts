import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** An operator of the provider, in one tenant. Sessions live in `staff_sessions` (raw SQL). */
export const StaffUser = defineEntity({
  name: 'StaffUser',
  tableName: 'staff_users',
  properties: {
    id: p.integer().primary().autoincrement(),
    tenantId: p.string(),
    email: p.string(),
    name: p.string(),
    role: p.string(),
    passwordHash: p.string().hidden(),
    mustChangePassword: p.boolean().default(false),
    /** Encrypted (see totp-secret.ts); never decrypted outside the TOTP check and enrolment. */
    totpSecret: p.string().nullable().hidden(),
    totpEnabledAt: p.datetime().nullable(),
    totpRequired: p.boolean().default(false),
    totpLastStep: p.bigint('number').nullable(),
    lockedAt: p.datetime().nullable(),
    lastLoginAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export type StaffUserRow = InferEntity<typeof StaffUser>;

export const staffEntities = [StaffUser];
