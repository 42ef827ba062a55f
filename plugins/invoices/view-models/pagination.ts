export interface PageLink {
  label: string;
  href: string | null;
  current: boolean;
}

/**
 * Numbered links around the current page, plus first and last, so the newest and the oldest
 * movements are one click away whichever order the statement is read in.
 */
export function pagination(page: number, pages: number, href: (page: number) => string): { links: PageLink[]; prev: string | null; next: string | null } | null {
  if (pages <= 1) return null;
  const numbers = new Set([1, pages]);
  for (let p = Math.max(1, page - 2); p <= Math.min(pages, page + 2); p++) numbers.add(p);
  const sorted = [...numbers].sort((a, b) => a - b);
  const links: PageLink[] = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1] > 1) links.push({ label: '…', href: null, current: false });
    links.push({ label: String(p), href: p === page ? null : href(p), current: p === page });
  });
  return { links, prev: page > 1 ? href(page - 1) : null, next: page < pages ? href(page + 1) : null };
}
