import { type StaffCustomerPanelContext, sql } from 'portal/sdk';
import type { MeterKind, MeterReadingsSettings } from '../settings.ts';
import { translator } from '../i18n.ts';
import { registerLabel } from '../view-models/meter-view.ts';
import { formatNumber } from '../domain/format.ts';

const SHOWN = 10;

interface Row {
  id: number;
  meter_number: string;
  kind: string;
  unit: string | null;
  account_number: string;
  register: string;
  read_on: string | Date;
  value: string;
  source: string;
  billed_at: Date | null;
  has_photo: boolean;
}

/**
 * The latest readings of the meters on the page's accounts (corrected estimates left out), on
 * the staff customer page. A reading the customer sent links to its line in the readings queue
 * and to its photo; the company's own readings have no page of their own.
 */
export async function readingsPanel({ em, tenant, request, portal, accounts, settings }: StaffCustomerPanelContext): Promise<Record<string, unknown> | null> {
  if (accounts.length === 0) return null;
  const rows = await sql<Row>(
    em,
    `SELECT r.id, m.number AS meter_number, m.kind, m.unit, a.number AS account_number, r.register, to_char(r.read_on, 'YYYY-MM-DD') AS read_on, r.value, r.source, r.billed_at,
            r.photo_path IS NOT NULL AS has_photo
     FROM meter_readings_readings r
     JOIN meter_readings_meters m ON m.id = r.meter_id AND m.tenant_id = r.tenant_id
     JOIN accounts a ON a.id = m.account_id AND a.tenant_id = m.tenant_id
     WHERE r.tenant_id = ? AND m.account_id = ANY(?::int[]) AND r.replaced_by IS NULL
     ORDER BY r.read_on DESC, r.id DESC LIMIT ?`,
    [tenant.id, `{${accounts.map((a) => a.id).join(',')}}`, SHOWN],
  );
  // No meters, no panel: an ISP's customer has nothing to read.
  if (rows.length === 0) {
    const [{ n }] = await sql<{ n: number }>(em, 'SELECT count(*)::int AS n FROM meter_readings_meters WHERE tenant_id = ? AND account_id = ANY(?::int[])', [tenant.id, `{${accounts.map((a) => a.id).join(',')}}`]);
    if (n === 0) return null;
  }
  const t = translator(portal.views, tenant, request.locale);
  const units = (settings as unknown as MeterReadingsSettings).units ?? {};
  return {
    readings: rows.map((r) => ({
      meter: `${t(`kind.${r.kind}`)} · ${r.meter_number}`,
      register: r.register === 'total' ? null : registerLabel(r.register, t),
      account: r.account_number,
      readOn: String(r.read_on).split('-').reverse().join('/'),
      value: `${formatNumber(Number(r.value))} ${r.unit ?? units[r.kind as MeterKind] ?? ''}`.trim(),
      source: t(`customerPanel.source.${r.source}`),
      href: r.source === 'customer' ? `/staff/meter-readings${r.billed_at ? '?billed=1' : ''}#reading-${r.id}` : null,
      photo: r.source === 'customer' && r.has_photo ? `/staff/meter-readings/readings/${r.id}/photo` : null,
    })),
  };
}
