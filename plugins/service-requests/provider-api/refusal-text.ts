import type { PortalServices, Tenant } from 'portal/sdk';
import type { DecisionError } from '../types/decision-error.ts';
import type { RequestType } from '../types/contract.ts';
import { typeLabels } from '../i18n.ts';

/** A type's refusal in English (the API's language), looked up as the back office does: the type's plugin first, then core's. */
export function refusalText(views: PortalServices['views'], tenant: Tenant, type: RequestType | undefined, error: DecisionError): string {
  return type ? typeLabels(views, tenant, 'en', type).message(error) : views.catalogFor(tenant).t('en', error.key, error.params);
}
