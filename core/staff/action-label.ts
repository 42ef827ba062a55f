import type { Catalog } from '../i18n/i18n.ts';
import type { Locale } from '../tenants/tenant.ts';

const API_CALL = /^api\.([\w-]+)\.(read|write)$/;

/**
 * A readable name for an audit action, or null to show the code alone. Core's live under
 * `staff.actions.<action>`, a plugin's under `<plugin>.actions.<rest>`; dots in the action
 * become `_` because locale files nest on dots (`staff.login` and `staff.login.totp` both exist).
 */
export function actionLabel(catalog: Catalog, locale: Locale, action: string): string | null {
  const core = `staff.actions.${action.replace(/\./g, '_')}`;
  if (catalog.has(locale, core)) return catalog.t(locale, core);
  // Each provider API call is recorded as `api.<resource>.<read|write>` (core/api/api-audit.ts).
  const call = API_CALL.exec(action);
  if (call) return catalog.t(locale, 'staff.actions.api_call', { resource: call[1], access: catalog.t(locale, `staff.actions.api_access.${call[2]}`) });
  const dot = action.indexOf('.');
  if (dot > 0) {
    const own = `${action.slice(0, dot)}.actions.${action.slice(dot + 1).replace(/\./g, '_')}`;
    if (catalog.has(locale, own)) return catalog.t(locale, own);
  }
  return null;
}
