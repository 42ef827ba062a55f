import type { Page, Response } from 'playwright-core';

/**
 * What kind of page a URL is: its path, with segments holding a digit as `:id`. `/invoices/41`
 * and `/invoices/42`, or `/tickets?status=open` and `/tickets`, are one template to check.
 */
export function pageKind(url: URL): string {
  return url.pathname.replace(/\/[^/]*\d[^/]*/g, '/:id');
}

export interface CrawlOptions {
  /** Where to start, absolute URLs of one origin. */
  starts: string[];
  /** Links not to follow (logout, downloads, language switches), tested on path and query. */
  skip: RegExp;
  /** A bound, so a page that links to endless variants cannot keep the test going. */
  max: number;
}

/**
 * Visits each kind of HTML page reachable by links from `starts` on their origin, breadth first,
 * calling `visit` on each while it is loaded. Returns the URLs visited.
 */
export async function crawl(page: Page, opts: CrawlOptions, visit: (url: URL, response: Response) => Promise<void>): Promise<string[]> {
  const origin = new URL(opts.starts[0]).origin;
  const queue = opts.starts.map((s) => new URL(s));
  const seen = new Set<string>();
  const visited: string[] = [];
  while (queue.length && visited.length < opts.max) {
    const url = queue.shift()!;
    const kind = pageKind(url);
    if (seen.has(kind)) continue;
    seen.add(kind);
    let response: Response | null;
    try {
      response = await page.goto(url.href);
    } catch (err) {
      // A link to a file (a PDF, an export) starts a download instead of loading a page.
      if (String(err).includes('Download is starting')) continue;
      throw err;
    }
    if (!response || !(response.headers()['content-type'] ?? '').startsWith('text/html')) continue;
    const landed = new URL(page.url());
    const landedKind = pageKind(landed);
    // A redirect elsewhere, or to a page already checked (a guard sending back to the dashboard), adds nothing.
    if (landed.origin !== origin || (landedKind !== kind && seen.has(landedKind))) continue;
    seen.add(landedKind);
    visited.push(landed.pathname + landed.search);
    await visit(landed, response);
    const links = await page.$$eval('a[href]:not([download])', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const link of links) {
      const next = new URL(link);
      next.hash = '';
      if (next.origin === origin && !opts.skip.test(next.pathname + next.search) && !seen.has(pageKind(next))) queue.push(next);
    }
  }
  return visited;
}
