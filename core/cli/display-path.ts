import { isAbsolute, relative } from 'node:path';

/** Relative to the working directory when inside it, so terminals and editors can open `file:line`. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
