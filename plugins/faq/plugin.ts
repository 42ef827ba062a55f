import { definePlugin, inLocale } from 'portal/sdk';
import { settingsSchema, type FaqSettings } from './settings.ts';
import { faqRoutes } from './routes.ts';

/**
 * The smallest useful plugin, and the example in docs/plugins.md: the tenant's frequently asked
 * questions, written in its tenant file, shown as a page, a menu item and a dashboard card.
 */
export default definePlugin({
  name: 'faq',
  version: '1.0.0',
  sdk: '^1.1.0',
  description: 'Frequently asked questions from the tenant file',
  settings: settingsSchema,
  routes: faqRoutes,
  navigation: [{ id: 'faq', label: 'nav', href: '/faq', icon: 'help', order: 800 }],
  dashboard: [
    {
      id: 'top-questions',
      order: 900,
      template: 'faq/card',
      data: ({ settings, request }) => {
        const { entries, showOnDashboard } = settings as unknown as FaqSettings;
        return showOnDashboard && entries.length ? { entries: inLocale(entries, request.locale).slice(0, 3) } : null;
      },
    },
  ],
});
