// Its own module because serve-list.ts runs as a child the moment it is imported.

/** The signed-in pages the bench measures, each with the marker its rows carry. */
export const PAGES = [
  { name: 'list', path: '/invoices', rowMarker: /data-period=/g },
  { name: 'statement', path: '/invoices/statement', rowMarker: /data-kind=/g },
] as const;
