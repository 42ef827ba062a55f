/**
 * Thrown by a type's onApprove/onReject to refuse the decision with a reason the operator reads
 * (an i18n key, declaring plugin first, then core's). The transaction rolls back as for any error.
 */
export class DecisionError extends Error {
  readonly key: string;
  readonly params: Record<string, unknown>;

  constructor(key: string, params: Record<string, unknown> = {}) {
    super(key);
    this.name = 'DecisionError';
    this.key = key;
    this.params = params;
  }
}
