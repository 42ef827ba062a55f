import { type StaffCustomerPanelContext, type Locale, sql } from 'portal/sdk';
import { translator } from '../i18n.ts';
import { requestTypesOf } from '../types/registry.ts';
import { labelsOf, statusView } from '../view-models/request-view.ts';

const SHOWN = 10;

interface Row {
  id: number;
  number: number;
  type: string;
  status: string;
  account_number: string | null;
  created_at: Date;
  total: string;
}

/**
 * The requests on the customer's accounts (whoever filed them: after a change of holder the new
 * holder sees the account's history too) or filed by the login, newest first, on the staff
 * customer page.
 */
export async function requestsPanel({ em, tenant, request, portal, customer, accounts }: StaffCustomerPanelContext): Promise<Record<string, unknown> | null> {
  const accountIds = accounts.map((a) => a.id);
  const rows = await sql<Row>(
    em,
    `SELECT r.id, r.number, r.type, r.status, a.number AS account_number, r.created_at, count(*) OVER () AS total
     FROM service_requests r LEFT JOIN accounts a ON a.id = r.account_id AND a.tenant_id = r.tenant_id
     WHERE r.tenant_id = ? AND (r.account_id = ANY(?::int[]) OR r.customer_id = ?)
     ORDER BY r.created_at DESC, r.id DESC LIMIT ?`,
    [tenant.id, `{${accountIds.join(',')}}`, customer?.id ?? 0, SHOWN],
  );
  const locale = request.locale as Locale;
  const t = translator(portal.views, tenant, locale);
  const vctx = { tenant, locale, views: portal.views, types: requestTypesOf(portal) };
  return {
    requests: rows.map((r) => ({ id: r.id, number: r.number, title: labelsOf(vctx, r.type).title, status: statusView(t, r.status), account: r.account_number, at: new Date(r.created_at) })),
    total: rows.length ? Number(rows[0].total) : 0,
  };
}
