import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { STAFF_ROLES, type StaffRole } from '../plugins/define-plugin.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { generateAccessKey } from '../accounts/access-keys.ts';
import { StaffUser, type StaffUserRow } from './entities.ts';

export class StaffUserError extends Error {
  /** An i18n key under `staff.users.error.` or `password.`, also readable in a terminal. */
  readonly key: string;
  constructor(key: string, message: string) {
    super(message);
    this.key = key;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Stored lower-cased, so the login looks it up exactly (the unique index is on lower(email)). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A one-time password for a new operator or after a reset: the access-key format (typed by hand
 * from what an administrator hands over), to be replaced at the first login.
 */
export function oneTimePassword(): string {
  return generateAccessKey();
}

export interface NewStaffUser {
  email: string;
  name: string;
  role: string;
  /** Chosen by the operator; without it a one-time password is generated and must be changed. */
  password?: string;
  /** TOTP at first login even for roles where it is optional. */
  totpRequired?: boolean;
}

export async function createStaffUser(em: EntityManager, tenantId: string, input: NewStaffUser): Promise<{ user: StaffUserRow; oneTimePassword: string | null }> {
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  if (!EMAIL.test(email) || email.length > 255) throw new StaffUserError('staff.users.error.email', `"${input.email}" is not an email address`);
  if (!name || name.length > 255) throw new StaffUserError('staff.users.error.name', 'a name is required');
  if (!STAFF_ROLES.includes(input.role as StaffRole)) {
    throw new StaffUserError('staff.users.error.role', `role must be one of ${STAFF_ROLES.join(', ')}`);
  }
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password, [email, name]);
    if (problem) throw new StaffUserError(problem, `password refused (${problem})`);
  }
  if (await em.count(StaffUser, { email })) {
    throw new StaffUserError('staff.users.error.duplicate', `${email} is already an operator of tenant ${tenantId}`);
  }
  const generated = input.password === undefined ? oneTimePassword() : null;
  const user = em.create(StaffUser, {
    tenantId,
    email,
    name,
    role: input.role,
    passwordHash: await hashPassword(input.password ?? generated!),
    mustChangePassword: generated !== null,
    totpRequired: Boolean(input.totpRequired),
  } as any);
  try {
    await em.flush();
  } catch (err) {
    // Two administrators adding the same person at once: the unique index decides.
    if (err instanceof UniqueConstraintViolationException) {
      em.clear();
      throw new StaffUserError('staff.users.error.duplicate', `${email} is already an operator of tenant ${tenantId}`);
    }
    throw err;
  }
  return { user, oneTimePassword: generated };
}
