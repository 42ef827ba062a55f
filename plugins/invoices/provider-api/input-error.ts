import { ApiError, problemsFromStrings } from 'portal/sdk';
import { InvoiceInputError } from '../data/input-error.ts';

/** The service's "field: message" problems as the API's 422, each naming its field. */
export async function asApiError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof InvoiceInputError) throw new ApiError(422, err.message, problemsFromStrings(err.problems));
    throw err;
  }
}
