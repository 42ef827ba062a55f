import { safeNext } from '../http/safe-next.ts';

/** After a staff login only back-office pages are a destination. */
export function safeStaffNext(next: unknown): string | undefined {
  const path = safeNext(next);
  return path && (path === '/staff' || path.startsWith('/staff/') || path.startsWith('/staff?')) ? path : undefined;
}
