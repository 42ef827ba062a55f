import type { PermissionDefinition } from 'portal/sdk';

/** See a customer's balance and invoices and download their PDFs in the back office. */
export const PERMISSION_VIEW = 'invoices.view';

/** Billing works invoices; support answers "how much do I owe?" on the phone. */
export const permissions: PermissionDefinition[] = [{ id: PERMISSION_VIEW, label: 'permission.view', roles: ['billing', 'support'] }];
