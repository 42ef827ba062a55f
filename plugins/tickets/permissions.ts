import type { PermissionDefinition } from 'portal/sdk';

export const PERMISSION_VIEW = 'tickets.view';
export const PERMISSION_REPLY = 'tickets.reply';
export const PERMISSION_ASSIGN = 'tickets.assign';

/**
 * Support answers, notes, closes and assigns tickets; billing reads them, since many are about an
 * invoice. Administrators hold every permission anyway.
 */
export const permissions: PermissionDefinition[] = [
  { id: PERMISSION_VIEW, label: 'permission.view', roles: ['support', 'billing'] },
  { id: PERMISSION_REPLY, label: 'permission.reply', roles: ['support'] },
  { id: PERMISSION_ASSIGN, label: 'permission.assign', roles: ['support'] },
];

/** Who can work a ticket, and so be assigned one. */
export const REPLY_ROLES = permissions.find((p) => p.id === PERMISSION_REPLY)!.roles;
