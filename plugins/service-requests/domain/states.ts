/** Where a request stands; the first three are "open" and can still change. */
export const STATUSES = ['submitted', 'in_review', 'needs_info', 'approved', 'rejected'] as const;
export type Status = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly Status[] = ['submitted', 'in_review', 'needs_info'];

export type EventKind = 'submitted' | 'review-started' | 'info-requested' | 'customer-replied' | 'approved' | 'rejected';
export type Action = 'review' | 'ask' | 'reply' | 'approve' | 'reject';

interface Transition {
  from: readonly Status[];
  to: Status;
  kind: EventKind;
}

/**
 * submitted → in review → needs more info → (the customer answers) in review → approved/rejected.
 * A decision may come from any open state: the customer may have brought the papers to the office.
 */
const TRANSITIONS: Record<Action, Transition> = {
  review: { from: ['submitted'], to: 'in_review', kind: 'review-started' },
  ask: { from: ['submitted', 'in_review'], to: 'needs_info', kind: 'info-requested' },
  reply: { from: ['needs_info'], to: 'in_review', kind: 'customer-replied' },
  approve: { from: OPEN_STATUSES, to: 'approved', kind: 'approved' },
  reject: { from: OPEN_STATUSES, to: 'rejected', kind: 'rejected' },
};

export function transition(action: Action): Transition {
  return TRANSITIONS[action];
}

export function allows(action: Action, status: string): boolean {
  return (TRANSITIONS[action].from as readonly string[]).includes(status);
}

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}
