import type { TicketStatus } from '../entities.ts';
import type { Translate } from '../i18n.ts';

const BADGES: Record<TicketStatus, string> = { open: 'badge-info', answered: 'badge-warning', closed: 'badge-muted' };

/** Customers read statuses from their side ("answered": your turn); operators from theirs. */
export function statusView(status: string, t: Translate, audience: 'customer' | 'staff') {
  const key = audience === 'customer' ? `status.${status}` : `staff.status.${status}`;
  return { code: status, label: t(key), badge: BADGES[status as TicketStatus] ?? 'badge-muted' };
}
