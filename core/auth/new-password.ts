import { passwordProblem } from './passwords.ts';

/**
 * Words a password must not contain: what someone who knows the customer could guess first.
 * The email's local part counts on its own, since "juanperez2024" is as weak as the full address.
 */
export function identityWords(input: { accountNumbers?: string[]; documentNumbers?: string[]; email?: string | null }): string[] {
  const words = [...(input.accountNumbers ?? []), ...(input.documentNumbers ?? []).map((d) => d.replace(/\D/g, ''))];
  if (input.email) words.push(input.email, input.email.split('@')[0]);
  return words.filter(Boolean);
}

/** The new password and its confirmation from a form; returns an i18n key, or null when acceptable. */
export function newPasswordProblem(password: unknown, confirm: unknown, context: string[]): string | null {
  if (typeof password !== 'string' || password === '') return 'passwordForm.missing';
  const problem = passwordProblem(password, context);
  if (problem) return problem;
  if (password !== confirm) return 'passwordForm.mismatch';
  return null;
}
