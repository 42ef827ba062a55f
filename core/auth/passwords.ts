import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';

/** OWASP ASVS 5.0 minimum for argon2id: 19 MiB, 2 passes, 1 lane. */
// 2 is Algorithm.Argon2id: the package exports it as a const enum, which type stripping cannot inline.
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const common = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith("#")),
);

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** Constant-time by construction of argon2 verify; a malformed hash counts as a mismatch. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check so response time does not reveal unknown accounts.
    await hash(password, ARGON2);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** No composition rules (ASVS): length, and not one of the most common passwords. Returns an i18n key. */
export function passwordProblem(password: string, context: string[] = []): string | null {
  if (password.length < PASSWORD_MIN) return 'password.tooShort';
  if (password.length > PASSWORD_MAX) return 'password.tooLong';
  const lower = password.toLowerCase();
  if (common.has(lower)) return 'password.tooCommon';
  if (context.some((c) => c && c.length >= 4 && lower.includes(c.toLowerCase()))) return 'password.containsIdentity';
  return null;
}
