import type { JsonSchema, Locale, Tenant } from 'portal/sdk';
import type { AccountRow, RequestType, ServiceRow, TargetContext } from './contract.ts';
import { checkFormSchema } from './define-request-type.ts';

export function targetContext(
  type: RequestType,
  tenant: Tenant,
  account: AccountRow,
  service: ServiceRow | null,
  locale: Locale = tenant.locale,
  purpose: TargetContext['purpose'] = 'form',
): TargetContext {
  return { tenant, locale, settings: tenant.plugins.get(type.plugin) ?? {}, account, service, purpose };
}

/** A service type needs a service of the account; an account type takes none. */
export function applies(type: RequestType, ctx: TargetContext): boolean {
  if (type.target === 'service' ? !ctx.service || ctx.service.accountId !== ctx.account.id : ctx.service !== null) return false;
  return type.appliesTo ? type.appliesTo(ctx) : true;
}

/** The form's schema for this target; a built one is checked like a static one. */
export function formSchemaOf(type: RequestType, ctx: TargetContext): JsonSchema {
  if (typeof type.formSchema !== 'function') return type.formSchema;
  const schema = type.formSchema(ctx);
  checkFormSchema(schema, (problem) => {
    throw new Error(`request type "${type.id}": ${problem}`);
  });
  return schema;
}
