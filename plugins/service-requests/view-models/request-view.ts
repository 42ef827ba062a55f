import type { EntityManager } from '@mikro-orm/postgresql';
import { type PortalServices, type Locale, type Tenant, Account, AccountService } from 'portal/sdk';
import type { DocumentRow, EventRow, RequestRow } from '../entities.ts';
import type { AccountRow, RequestType, ServiceRow } from '../types/contract.ts';
import type { RequestTypeRegistry } from '../types/registry.ts';
import { formSchemaOf, targetContext } from '../types/target.ts';
import { summaryRows } from '../form/field-views.ts';
import { translator, typeLabels, type Translate, type TypeLabels } from '../i18n.ts';
import { documentsOf, historyOf } from '../data/requests.ts';

export const STATUS_BADGE: Record<string, string> = {
  submitted: 'badge-info',
  in_review: 'badge-info',
  needs_info: 'badge-warning',
  approved: 'badge-success',
  rejected: 'badge-danger',
};

export interface ViewContext {
  tenant: Tenant;
  locale: Locale;
  views: PortalServices['views'];
  /** The portal's request types (`requestTypesOf(portal)`). */
  types: RequestTypeRegistry;
  /** `customer` hides operators' names and speaks to the customer; `staff` names them. */
  audience: 'customer' | 'staff';
  /** Where a document of this request is downloaded from, for this audience. */
  documentHref(row: RequestRow, doc: DocumentRow): string;
}

/** A type's title, or its id when the plugin that declared it is no longer loaded. */
export function labelsOf(ctx: Pick<ViewContext, 'tenant' | 'locale' | 'views' | 'types'>, typeId: string): { type: RequestType | undefined; labels: TypeLabels | null; title: string } {
  const type = ctx.types.get(typeId);
  const labels = type ? typeLabels(ctx.views, ctx.tenant, ctx.locale, type) : null;
  return { type, labels, title: labels?.title ?? typeId };
}

export function statusView(t: Translate, status: string) {
  return { code: status, label: t(`status.${status}`), badge: STATUS_BADGE[status] ?? 'badge-muted' };
}

export function serviceLabel(service: ServiceRow | null): string | null {
  if (!service) return null;
  return `${service.plan}${service.address ? ` · ${service.address}` : ''}`;
}

/** Everything a request's page shows: what was asked, its files, its history. */
export async function requestDetail(em: EntityManager, ctx: ViewContext, row: RequestRow, staffNames: Map<number, string> = new Map()) {
  const t = translator(ctx.views, ctx.tenant, ctx.locale);
  const { type, labels, title } = labelsOf(ctx, row.type);
  const account = await em.findOne(Account, { id: row.accountId });
  const service = row.serviceId ? await em.findOne(AccountService, { id: row.serviceId }) : null;
  const [events, documents] = await Promise.all([historyOf(em, row.id), documentsOf(em, row.id)]);
  return {
    id: row.id,
    number: row.number,
    title,
    status: statusView(t, row.status),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    decidedAt: row.decidedAt ?? null,
    decisionNote: row.decisionNote ?? null,
    account: account ? { id: account.id, number: account.number, holderName: account.holderName, document: `${account.documentType} ${account.documentNumber}` } : null,
    service: service ? { id: service.id, label: serviceLabel(service), kind: service.kind, plan: service.plan, status: statusOfService(t, service.status) } : null,
    fields: summaryOf(type, labels, ctx, account, service, row.data, t),
    documents: documents.map((d) => ({
      id: d.id,
      label: d.slot === 'reply' ? t('documents.reply') : (labels?.optional(`documents.${d.slot}.label`) ?? d.slot),
      filename: d.filename,
      size: sizeLabel(d.size, ctx.locale),
      at: d.createdAt,
      href: ctx.documentHref(row, d),
    })),
    history: events.map((e) => historyLine(t, ctx.audience, e, staffNames)),
  };
}

function statusOfService(t: Translate, status: string) {
  return { code: status, label: t(`serviceStatus.${status}`), badge: status === 'active' ? 'badge-success' : status === 'cancelled' ? 'badge-muted' : 'badge-warning' };
}

function summaryOf(type: RequestType | undefined, labels: TypeLabels | null, ctx: ViewContext, account: AccountRow | null, service: ServiceRow | null, data: Record<string, unknown>, t: Translate) {
  const yesNo = (v: boolean) => t(v ? 'yes' : 'no');
  if (type && labels && account) {
    try {
      return summaryRows(formSchemaOf(type, targetContext(type, ctx.tenant, account, service, ctx.locale, 'display')), labels, data, yesNo);
    } catch {
      // A schema built from a target that changed since (a deleted service): show the raw data below.
    }
  }
  return Object.entries(data).map(([label, value]) => ({ label, value: typeof value === 'boolean' ? yesNo(value) : String(value), long: false }));
}

function historyLine(t: Translate, audience: ViewContext['audience'], e: EventRow, staffNames: Map<number, string>) {
  const who =
    e.actorType === 'customer'
      ? t(audience === 'customer' ? 'history.actor.you' : 'history.actor.customer')
      : e.actorType === 'staff'
        ? audience === 'staff' && e.actorId ? (staffNames.get(e.actorId) ?? t('history.actor.staff')) : t('history.actor.staff')
        : t('history.actor.system');
  return { at: e.at, kind: e.kind, label: t(`history.${e.kind}`), who, message: e.message ?? null, status: statusView(t, e.status) };
}

export function sizeLabel(bytes: number, locale: Locale): string {
  const fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return bytes >= 1_000_000 ? `${fmt.format(bytes / 1_000_000)} MB` : `${fmt.format(Math.max(1, Math.round(bytes / 1000)))} KB`;
}
