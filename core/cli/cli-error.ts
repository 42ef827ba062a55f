/**
 * A problem the operator can fix (bad arguments, unknown tenant, port in use): the CLI prints
 * the message alone, never a stack trace.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Wrong command line: exit code 2, like most Unix tools, so scripts can tell it from a failure. */
export class UsageError extends CliError {
  readonly usage?: string;

  constructor(message: string, usage?: string) {
    super(message, 2);
    this.name = 'UsageError';
    this.usage = usage;
  }
}
