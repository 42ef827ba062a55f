/** The languages the portal speaks; a tenant offers some of them (`locales`), one by default. */
export const LOCALES = ['es-AR', 'en'] as const;
