import type { DashboardCardContext } from 'portal/sdk';
import type { MeterReadingsSettings } from './settings.ts';
import { metersOfAccounts } from './data/meters.ts';
import { meterStates } from './data/meter-state.ts';
import { formatLocalDate, formatNumber } from './domain/format.ts';
import { KNOWN_REGISTERS, unitOf } from './view-models/meter-view.ts';

/** A dashboard card has room for a few meters; the rest are one click away. */
const CARD_METERS = 3;

/**
 * Next window and last reading of the customer's first meters. The card context carries no
 * translator, so words are left to the template and only numbers and dates are formatted here.
 */
export async function dashboardCardData({ em, tenant, accountIds, settings }: DashboardCardContext): Promise<Record<string, unknown> | null> {
  const meters = (await metersOfAccounts(em, accountIds)).slice(0, CARD_METERS);
  if (meters.length === 0) return null;
  const s = settings as unknown as MeterReadingsSettings;
  const states = await meterStates(em, meters, s, new Date(), tenant.timezone);
  return {
    meters: states.map(({ meter, periods, window }) => {
      const last = periods.at(-1);
      return {
        number: meter.number,
        kind: meter.kind,
        submitHref: `/meter-readings/${meter.id}/submit`,
        last: last
          ? {
              registers: last.registers.map((r) => ({ code: r.register, known: KNOWN_REGISTERS.has(r.register), value: formatNumber(r.value) })),
              multiRegister: last.registers.length > 1,
              unit: unitOf(meter, s),
              date: formatLocalDate(last.readOn),
              estimated: last.estimated,
            }
          : null,
        window: {
          open: Boolean(window.current),
          closesOn: window.current ? formatLocalDate(window.current.lastDay) : null,
          opensOn: window.next ? formatLocalDate(window.next.firstDay) : null,
        },
      };
    }),
  };
}
