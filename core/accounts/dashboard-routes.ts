import type { FastifyInstance } from 'fastify';
import type { CoreRouteDeps } from '../auth/routes/index.ts';
import { requireCustomer } from '../auth/session-hook.ts';
import { sql } from '../db/run-sql.ts';

interface ServiceRow {
  account_id: number;
  kind: string;
  plan: string;
  address: string | null;
  status: string;
}

/** The dashboard: core's accounts card, then every card the tenant's plugins contribute. */
export async function dashboardRoutes(app: FastifyInstance, deps: CoreRouteDeps): Promise<void> {
  const { views } = deps.services;
  const cards = deps.plugins.flatMap((p) => (p.definition.dashboard ?? []).map((card) => ({ plugin: p.name, card })));
  cards.sort((a, b) => (a.card.order ?? 500) - (b.card.order ?? 500));

  app.get('/', async (request, reply) => reply.redirect(request.customer ? '/dashboard' : '/login'));

  app.get('/dashboard', { preHandler: requireCustomer }, async (request, reply) => {
    const customer = request.customer!;
    const accountIds = customer.accounts.map((a) => a.id);
    const frame = { locale: request.locale, currency: request.tenant.currency, timezone: request.tenant.timezone };
    const enabled = cards.filter(({ plugin }) => request.tenant.plugins.has(plugin));
    // Cards read independent rows: asked at once, the page waits for the slowest, not for the sum.
    const [services, ...data] = await Promise.all([
      // Plain rows, not entities: the page only shows them, and the ORM's query building and
      // hydration were a large share of the page's own time.
      accountIds.length
        ? sql<ServiceRow>(request.em, `SELECT account_id, kind, plan, address, status FROM account_services WHERE tenant_id = ? AND account_id IN (?) ORDER BY id`, [
            request.tenant.id,
            accountIds,
          ])
        : ([] as ServiceRow[]),
      ...enabled.map(({ plugin, card }) =>
        card.data
          ? card.data({
              request,
              portal: deps.services,
              tenant: request.tenant,
              em: request.em,
              customerId: customer.id,
              accountIds,
              settings: request.tenant.plugins.get(plugin) ?? {},
            })
          : {},
      ),
    ]);
    const rendered: { id: string; html: string }[] = [];
    enabled.forEach(({ plugin, card }, i) => {
      const cardData = data[i];
      if (cardData === null) return;
      rendered.push({ id: `${plugin}-${card.id}`, html: views.render(request.tenant, card.template, { ...frame, ...cardData }, false) });
    });
    return reply.page(
      'dashboard',
      {
        accounts: customer.accounts.map((a) => ({
          number: a.number,
          holderName: a.holderName,
          document: `${a.documentType} ${a.documentNumber}`,
          services: services.filter((s) => s.account_id === a.id).map((s) => ({ kind: s.kind, plan: s.plan, address: s.address, status: s.status })),
        })),
        cards: rendered,
      },
      { title: 'dashboard.title', section: 'dashboard' },
    );
  });
}
