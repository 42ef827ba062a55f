/** Theme badge classes by state, so every list shows the same colour for the same news. */
const BADGES: Record<string, string> = {
  approved: 'badge-success',
  accepted: 'badge-success',
  paid: 'badge-success',
  completed: 'badge-success',
  created: 'badge-info',
  pending: 'badge-warning',
  reported: 'badge-info',
  overdue: 'badge-danger',
  rejected: 'badge-danger',
  charged_back: 'badge-danger',
  cancelled: 'badge-muted',
  refunded: 'badge-muted',
};

export function badgeOf(state: string): string {
  return BADGES[state] ?? 'badge-muted';
}
