/** Any origin will do: only a path that stays on it is kept. */
const BASE = new URL('http://next.invalid');

/**
 * Only same-site paths may be a post-login destination; anything else is an open redirect. A
 * browser strips tabs and newlines from a Location and reads `\` as `/`, so `/\t/evil.example`
 * is another host to it; a control character also breaks the header itself. Such values are
 * refused, in the raw value and once percent-decoded, and what is kept is the parsed path
 * (dot segments resolved, non-ASCII percent-encoded), so the header always holds a plain path.
 */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || !isPlainPath(next) || !isPlainPath(decodedOnce(next))) return undefined;
  const url = new URL(next, BASE);
  if (url.origin !== BASE.origin) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return isPlainPath(path) ? path : undefined;
}

function isPlainPath(value: string | undefined): boolean {
  // eslint-disable-next-line no-control-regex
  return value !== undefined && value.startsWith('/') && !value.startsWith('//') && !/[\\\u0000-\u001f\u007f]/.test(value);
}

function decodedOnce(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
