/**
 * A start refused because tenant files are broken (tenantErrors: refuse). In a file of its own so
 * that the CLI's error report can recognise it without loading the whole portal.
 */
export class TenantLoadError extends Error {}
