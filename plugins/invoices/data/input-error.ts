/** What the provider sent cannot be stored; `problems` name each field, for the API's 422. */
export class InvoiceInputError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join('; '));
    this.name = 'InvoiceInputError';
    this.problems = problems;
  }
}
