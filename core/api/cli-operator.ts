import { userInfo } from 'node:os';

/** Who ran a command, for audit rows and `created_by` columns: the machine's user name. */
export function cliOperator(): string {
  try {
    return `cli:${userInfo().username}`.slice(0, 64);
  } catch {
    return 'cli';
  }
}
