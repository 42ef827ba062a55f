/**
 * A module loaded on first use instead of at start: PDF, spreadsheet, S3, mail and queue libraries
 * cost hundreds of milliseconds of every boot while the first page needs none of them. Loaded
 * once; every later call gets the same promise.
 */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      // A failed load (a package missing from the install) is tried again by the next caller.
      loading = undefined;
      throw err;
    }));
}
