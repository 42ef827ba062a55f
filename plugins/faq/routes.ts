import type { FastifyInstance } from 'fastify';
import { inLocale, type Locale, type PluginRoutesContext } from 'portal/sdk';
import type { FaqEntry, FaqSettings } from './settings.ts';

interface FaqGroup {
  category: string;
  items: { question: string; paragraphs: string[] }[];
}

/** The page's groups follow from the tenant file and the language alone: built once per both. */
const pages = new WeakMap<FaqEntry[], Map<Locale, FaqGroup[]>>();

function groupsOf(entries: FaqEntry[], locale: Locale): FaqGroup[] {
  let byLocale = pages.get(entries);
  if (!byLocale) pages.set(entries, (byLocale = new Map<Locale, FaqGroup[]>()));
  let groups = byLocale.get(locale);
  if (groups) return groups;
  const byCategory = new Map<string, FaqGroup['items']>();
  for (const entry of inLocale(entries, locale)) {
    const key = entry.category ?? '';
    const list = byCategory.get(key) ?? [];
    list.push({ question: entry.question, paragraphs: entry.answer.split(/\n\s*\n/) });
    byCategory.set(key, list);
  }
  groups = [...byCategory].map(([category, items]) => ({ category, items }));
  byLocale.set(locale, groups);
  return groups;
}

/** Public page: customers often look for answers before they can log in. */
export async function faqRoutes(app: FastifyInstance, ctx: PluginRoutesContext): Promise<void> {
  app.get('/faq', async (request, reply) => {
    const { entries } = ctx.settings<FaqSettings>(request);
    return reply.page('faq/index', { groups: groupsOf(entries, request.locale), empty: entries.length === 0 }, { title: 'faq.title', section: 'faq', shared: true });
  });
}
