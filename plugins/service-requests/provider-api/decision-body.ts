import type { FieldProblem } from 'portal/sdk';
import { MESSAGE_MAX } from '../staff/detail.ts';

export interface DecisionBody {
  decision: 'approved' | 'rejected';
  reason?: string;
  note?: string;
}

const words = (description: string) => ({ type: 'string', minLength: 1, maxLength: MESSAGE_MAX, pattern: '\\S', description });

/** The same limits an operator's form has; which words go with which decision is checked by decisionProblems. */
export const decisionBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['decision'],
  properties: {
    decision: { type: 'string', enum: ['approved', 'rejected'] },
    reason: words("Why it is rejected: the customer reads it on the request and in the email. Required with `rejected`, refused with `approved`."),
    note: words('Words for the customer with an approval (when the change takes effect…), in the history and the email. Only with `approved`.'),
  },
} as const;

/**
 * A rejection needs its reason, and each text belongs to one decision: a reason sent with an
 * approval (or a note with a rejection) would otherwise be dropped without the client knowing.
 */
export function decisionProblems(body: DecisionBody): FieldProblem[] {
  if (body.decision === 'rejected') {
    return [
      ...(body.reason === undefined ? [{ field: 'reason', in: 'body', message: 'is required when decision is rejected' }] : []),
      ...(body.note !== undefined ? [{ field: 'note', in: 'body', message: 'goes only with decision approved; a rejection says why in reason' }] : []),
    ];
  }
  return body.reason !== undefined ? [{ field: 'reason', in: 'body', message: 'goes only with decision rejected; use note for words with an approval' }] : [];
}

/** What the customer reads with the decision, with line ends as the operator's form sends them. */
export function decisionMessage(body: DecisionBody): string | null {
  const text = body.decision === 'rejected' ? body.reason : body.note;
  return text === undefined ? null : text.replace(/\r\n/g, '\n').trim();
}
