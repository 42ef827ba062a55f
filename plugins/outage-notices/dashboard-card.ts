import type { DashboardCard } from 'portal/sdk';
import { customerArea } from './data/customer-areas.ts';
import { currentNotices } from './data/notices.ts';
import { findArea, type OutageNoticesSettings } from './settings.ts';
import { noticeView } from './view-models/notice.ts';

/** The next notice of the customer's area, and how many there are; no card when there is none. */
export const noticesCard: DashboardCard = {
  id: 'current',
  order: 700,
  template: 'outage-notices/card',
  data: async ({ em, tenant, customerId, settings }) => {
    const mine = settings as unknown as OutageNoticesSettings;
    if (!mine.showOnDashboard) return null;
    const area = findArea(mine, (await customerArea(em, tenant.id, customerId))?.area);
    if (!area) return null;
    const notices = await currentNotices(em, tenant.id, area.id, new Date());
    if (notices.length === 0) return null;
    return { count: notices.length, next: noticeView(notices[0], mine, tenant.timezone) };
  },
};
