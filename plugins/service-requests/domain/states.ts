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
 * No approval while the request waits for the customer's information: what was asked for is
 * missing, and approving then applied a change of holder on papers nobody had. A customer who
 * brought the papers to the office instead is taken back into review first, on the record.
 * A rejection may come from any open state (the customer may never answer).
 */
const TRANSITIONS: Record<Action, Transition> = {
  review: { from: ['submitted', 'needs_info'], to: 'in_review', kind: 'review-started' },
  ask: { from: ['submitted', 'in_review'], to: 'needs_info', kind: 'info-requested' },
  reply: { from: ['needs_info'], to: 'in_review', kind: 'customer-replied' },
  approve: { from: ['submitted', 'in_review'], to: 'approved', kind: 'approved' },
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
