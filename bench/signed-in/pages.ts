/** The signed-in pages of issue 17, each measured against the baseline's page of the same path. */
export const PAGES = ['/dashboard', '/invoices', '/invoices/statement', '/payments'] as const;

export interface ServeSignedInInfo {
  portalPort: number;
  rawPort: number;
  host: string;
  cookie: string;
  pages: { path: string; bytes: { portal: number; raw: number }; queries: { portal: number; raw: number } }[];
}

/**
 * Null when two renders of a page are the same page: equal once the values minted per request
 * (CSRF and form tokens, CSP nonce) are blanked out. Otherwise the first line that differs.
 */
export function sameHtml(portal: string, raw: string): string | null {
  const blank = (html: string) =>
    html.replace(/(name="(?:_csrf|_submission)" value=")[^"]*"/g, '$1"').replace(/nonce="[^"]*"/g, 'nonce=""').split('\n');
  const a = blank(portal);
  const b = blank(raw);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: portal ${JSON.stringify(a[i])} / baseline ${JSON.stringify(b[i])}`;
  }
  return null;
}
