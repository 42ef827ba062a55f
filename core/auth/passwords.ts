import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import type { HostConfig } from '../config/load-config.ts';

/** OWASP ASVS 5.0 minimum for argon2id: 19 MiB, 2 passes, 1 lane. */
// 2 is Algorithm.Argon2id: the package exports it as a const enum, which type stripping cannot inline.
export const STRONG_ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
/** Test runs hash thousands of made-up passwords: still argon2id, at a fraction of the cost. */
const TEST_ARGON2 = { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 } as const;

export function argon2For(env: HostConfig['env']): typeof STRONG_ARGON2 | typeof TEST_ARGON2 {
  return env === 'test' ? TEST_ARGON2 : STRONG_ARGON2;
}

// Process-wide because hashing happens far from any config; createPortal sets it from `env`, and a
// process that never starts a portal keeps the strong parameters. Verifying reads the parameters
// from the stored hash, so hashes made under either setting verify under both.
let ARGON2: typeof STRONG_ARGON2 | typeof TEST_ARGON2 = STRONG_ARGON2;

export function usePasswordHashingFor(env: HostConfig['env']): void {
  ARGON2 = argon2For(env);
}

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
