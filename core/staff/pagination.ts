/** Page numbers from a query string: anything odd is page 1, never an error page. */
export function pageNumber(raw: unknown): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/** Previous/next links that keep the current filters. */
export function pager(path: string, query: Record<string, string | undefined>, page: number, pageSize: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (n: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
    if (n > 1) params.set('page', String(n));
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  };
  return {
    page,
    pages,
    total,
    prev: page > 1 ? link(page - 1) : null,
    next: page < pages ? link(page + 1) : null,
  };
}

/** `%` and `_` typed by an operator are searched for, not treated as wildcards. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
