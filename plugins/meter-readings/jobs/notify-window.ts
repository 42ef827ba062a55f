import { localDate, type JobContext, type Locale } from 'portal/sdk';
import type { MeterReadingsSettings } from '../settings.ts';
import { metersOfAccounts } from '../data/meters.ts';
import { readingDatesFor } from '../data/schedule.ts';
import { windowState, type TimedWindow } from '../domain/window.ts';
import { formatLocalDate } from '../domain/format.ts';
import { translator } from '../i18n.ts';
import type { MeterRow } from '../entities.ts';

interface Subscriber {
  customerId: number;
  accountId: number;
  email: string;
  name: string;
  locale: string | null;
  brandId: string | null;
}

interface Notice {
  subscriber: Subscriber;
  window: TimedWindow;
  meters: MeterRow[];
}

/**
 * Emails each opted-in customer once per window when it is open: "one email per customer and
 * window" is a unique row in meter_readings_notices written in the same transaction as the email,
 * so neither a second portal process nor a later run of the job can send it again. Meters whose
 * reading the customer already sent in this window are left out.
 */
export async function notifyOpenWindows(ctx: JobContext): Promise<number> {
  const { tenant, em, slot } = ctx;
  const settings = ctx.settings as unknown as MeterReadingsSettings;
  if (!settings.reminders) return 0;
  const conn = em.getConnection();
  const subscribers = (
    await conn.execute<{ customer_id: number; account_id: number; email: string; name: string; locale: string | null; brand_id: string | null }[]>(
      `SELECT r.customer_id, r.account_id, c.email, c.name, c.locale, a.brand_id
       FROM meter_readings_reminders r
       JOIN customers c ON c.id = r.customer_id AND c.tenant_id = r.tenant_id
       JOIN accounts a ON a.id = r.account_id AND a.tenant_id = r.tenant_id AND a.customer_id = r.customer_id
       -- Reminders are unsolicited mail as far as an unconfirmed address is concerned: verified ones only.
       WHERE r.tenant_id = ? AND c.email IS NOT NULL AND c.email_verified_at IS NOT NULL AND c.locked_at IS NULL
       ORDER BY r.customer_id, r.account_id`,
      [tenant.id],
    )
  ).map((r): Subscriber => ({ customerId: r.customer_id, accountId: r.account_id, email: r.email, name: r.name, locale: r.locale, brandId: r.brand_id }));
  if (subscribers.length === 0) return 0;

  const meters = await metersOfAccounts(em, [...new Set(subscribers.map((s) => s.accountId))]);
  const dates = await readingDatesFor(em, meters, localDate(slot, tenant.timezone));
  const open = new Map<number, TimedWindow>();
  for (const meter of meters) {
    const current = windowState(settings.window, dates.get(meter.id) ?? [], slot, tenant.timezone).current;
    if (current) open.set(meter.id, current);
  }
  const keys = [...new Set([...open.values()].map((w) => w.key))];
  const sent = keys.length
    ? await conn.execute<{ meter_id: number; window_key: string }[]>(
        `SELECT DISTINCT meter_id, window_key FROM meter_readings_readings WHERE tenant_id = ? AND source = 'customer' AND window_key IN (?)`,
        [tenant.id, keys],
      )
    : [];

  const notices = new Map<string, Notice>();
  for (const subscriber of subscribers) {
    for (const meter of meters.filter((m) => m.accountId === subscriber.accountId)) {
      const window = open.get(meter.id);
      if (!window || sent.some((s) => s.meter_id === meter.id && s.window_key === window.key)) continue;
      const key = `${subscriber.customerId}|${window.key}`;
      const notice = notices.get(key) ?? { subscriber, window, meters: [] };
      notice.meters.push(meter);
      notices.set(key, notice);
    }
  }

  let mailed = 0;
  for (const notice of notices.values()) {
    const queued = await em.transactional(async (tx) => {
      const claimed = await tx.getConnection().execute<{ id: number }[]>(
        `INSERT INTO meter_readings_notices (tenant_id, customer_id, window_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
        [tenant.id, notice.subscriber.customerId, notice.window.key],
        'all',
        tx.getTransactionContext(),
      );
      if (claimed.length === 0) return false;
      await queueNotice(ctx, tx, notice);
      return true;
    });
    if (queued) mailed++;
  }
  return mailed;
}

function queueNotice(ctx: JobContext, tx: Parameters<JobContext['portal']['mail']['queue']>[0], notice: Notice) {
  const { tenant, portal } = ctx;
  const locale = (tenant.locales as string[]).includes(notice.subscriber.locale ?? '') ? (notice.subscriber.locale as Locale) : tenant.locale;
  const brand = tenant.brands.find((b) => b.id === notice.subscriber.brandId) ?? tenant.brands[0];
  const t = translator(portal.views, tenant, locale);
  return portal.mail.queue(tx, {
    tenant,
    brand,
    locale,
    to: notice.subscriber.email,
    template: 'meter-readings/emails/window-open',
    subject: 'meter-readings.mail.openSubject',
    data: {
      name: notice.subscriber.name,
      opensOn: formatLocalDate(notice.window.firstDay),
      closesOn: formatLocalDate(notice.window.lastDay),
      meters: notice.meters.map((m) => ({
        number: m.number,
        kindLabel: t(`kind.${m.kind}`),
        address: m.address,
        link: portal.links.absolute(tenant, `/meter-readings/${m.id}/submit`, brand),
      })),
      settingsLink: portal.links.absolute(tenant, '/meter-readings/notifications', brand),
    },
  });
}
