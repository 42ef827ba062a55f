import type { FastifyInstance } from 'fastify';
import type { PluginRoutesContext } from 'portal/sdk';
import type { FaqSettings } from './settings.ts';

/** Public page: customers often look for answers before they can log in. */
export async function faqRoutes(app: FastifyInstance, ctx: PluginRoutesContext): Promise<void> {
  app.get('/faq', async (request, reply) => {
    const { entries } = ctx.settings<FaqSettings>(request);
    const groups = new Map<string, { question: string; paragraphs: string[] }[]>();
    for (const entry of entries) {
      const key = entry.category ?? '';
      const list = groups.get(key) ?? [];
      list.push({ question: entry.question, paragraphs: entry.answer.split(/\n\s*\n/) });
      groups.set(key, list);
    }
    return reply.page(
      'faq/index',
      { groups: [...groups].map(([category, items]) => ({ category, items })), empty: entries.length === 0 },
      { title: 'faq.title', section: 'faq', shared: true },
    );
  });
}
