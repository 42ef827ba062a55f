import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/** Passes bytes through unchanged; `result()` gives their count and SHA-256 once they have all gone by. */
export function hashWhileStreaming(): Transform & { result(): { size: number; sha256: string } } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      // A stream of strings (Readable.from(['…'])) counts in bytes like any other.
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(bytes);
      size += bytes.length;
      done(null, bytes);
    },
  });
  let digest: string | undefined;
  return Object.assign(stream, {
    result() {
      digest ??= hash.digest('hex');
      return { size, sha256: digest };
    },
  });
}
