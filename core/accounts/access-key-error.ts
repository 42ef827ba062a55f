/**
 * Why an access key could not be issued. In a file of its own, apart from the issuing code and
 * its database entities, so that the CLI's error report can recognise it without loading them.
 */
export class AccessKeyError extends Error {
  readonly code: 'unknown-account' | 'no-email';
  constructor(code: 'unknown-account' | 'no-email', message: string) {
    super(message);
    this.code = code;
  }
}
