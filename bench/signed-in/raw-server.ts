import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import Fastify, { type FastifyInstance } from 'fastify';
import Handlebars from 'handlebars';
import pg from 'pg';
import type { Portal } from '../../core/portal.ts';
import type { Tenant } from '../../core/tenants/tenant.ts';
import type { CurrentCustomer } from '../../core/http/request-types.ts';
import type { PluginRoutesContext } from '../../core/plugins/define-plugin.ts';
import { SIGNED_IN_SQL } from '../../core/auth/session-store.ts';
import { brandCss } from '../../core/http/page.ts';
import { localDate } from '../../core/i18n/zoned-time.ts';
import { inLocale } from '../../core/i18n/localized-text.ts';
import { textDates } from '../../plugins/invoices/bench/pg-sql.ts';
import { listInvoices } from '../../plugins/invoices/data/invoice-list.ts';
import { invoiceListPage } from '../../plugins/invoices/view-models/invoice-list-page.ts';
import { statementPageData } from '../../plugins/invoices/routes/statement.ts';
import type { InvoicesSettings } from '../../plugins/invoices/settings.ts';
import { payPageData } from '../../plugins/payments/routes/pay-page.ts';
import { payContext } from '../../plugins/payments/routes/context.ts';

const LOCALE = 'es-AR';
const COOKIE = /(?:^|;\s*)portal_sid=([^;]+)/;

/**
 * The hand-written baseline of the signed-in pages: fastify, one pg pool with prepared
 * statements, the session read by its cookie in one query (the portal's), each card's or list's
 * rows by the plugins' own SQL and presenters (so both sides run the same statements and build the
 * same view data), the cards read at once, and the same compiled templates. What it leaves out is
 * the framework: tenant lookup, ORM, request hooks, security headers, the frame built per request.
 */
export async function rawSignedInServer(opts: { portal: Portal; tenant: Tenant; databaseUrl: string; poolSize: number; prepare: boolean }) {
  const { portal, tenant } = opts;
  const views = portal.services.views;
  const catalog = views.catalogFor(tenant);
  const t = (key: string, params?: Record<string, unknown>) => catalog.t(LOCALE, key, params);
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize, types: textDates });
  const names = new Map<string, string>();
  /**
   * `?` placeholders as `$n`, arrays spread as MikroORM spreads them, each text a named (prepared)
   * statement; not on the embedded database, whose connections share one session and its names.
   */
  const runNumbered = async (text: string, values: readonly unknown[]) => {
    if (!opts.prepare) return (await pool.query(text, values as unknown[])).rows;
    let name = names.get(text);
    if (!name) names.set(text, (name = `s${names.size}`));
    return (await pool.query({ name, text, values: values as unknown[] })).rows;
  };
  const run = (text: string, params: unknown[] = []) => {
    const values: unknown[] = [];
    let i = 0;
    const numbered = text.replace(/\?/g, () => {
      const value = params[i++];
      const list = Array.isArray(value) ? value : [value];
      return list.map((v) => (values.push(v), `$${values.length}`)).join(', ');
    });
    return runNumbered(numbered, values);
  };
  // The plugins' query functions take an entity manager only to reach its connection (runSql's
  // reads: that connection's pool).
  const client = { query: (text: string, values: readonly unknown[]) => runNumbered(text, values).then((rows) => ({ rows })), release: () => {} };
  const nativePool = Promise.resolve({ connect: () => Promise.resolve(client) });
  const em = {
    getConnection: () => ({
      execute: (q: string, p: unknown[]) => run(q, p),
      getNativeClient: () => nativePool,
    }),
    getTransactionContext: () => undefined,
  } as unknown as EntityManager;

  // Everything about the frame that does not change between requests, worked out once.
  const mainBrand = tenant.brands[0];
  const nav = (section: string) =>
    [
      { id: 'dashboard', href: '/dashboard', icon: 'home', label: t('nav.dashboard'), order: 0 },
      ...portal.plugins
        .filter((p) => tenant.plugins.has(p.name))
        .flatMap((p) =>
          (p.definition.navigation ?? []).map((n) => ({
            id: n.id,
            href: n.href,
            icon: n.icon ?? 'file',
            label: catalog.has(LOCALE, `${p.name}.${n.label}`) ? t(`${p.name}.${n.label}`) : t(n.label),
            order: n.order ?? 500,
          })),
        ),
      { id: 'profile', href: '/account/profile', icon: 'user', label: t('nav.profile'), order: 900 },
    ]
      .sort((a, b) => a.order - b.order)
      .map(({ order: _, ...item }) => ({ ...item, active: item.id === section }));
  const frameOf = (path: string, title: string, section: string) => ({
    locale: LOCALE,
    htmlLang: LOCALE,
    currency: tenant.currency,
    timezone: tenant.timezone,
    title: t(title),
    section,
    tenant: { id: tenant.id, name: tenant.name },
    brand: {
      id: mainBrand.id,
      name: mainBrand.name,
      logoUrl: mainBrand.branding.logo ? `/assets/tenant/${mainBrand.branding.logo}` : null,
      contact: inLocale(mainBrand.contact, LOCALE),
      tenantId: tenant.id,
    },
    brandCss: brandCss(mainBrand),
    nav: nav(section),
    languages: tenant.locales.map((code) => ({ code, label: code === 'en' ? 'English' : 'Español', href: `${path}?lang=${code}`, active: code === LOCALE })),
    flash: null,
    themeSettings: inLocale(tenant.themeSettings, LOCALE),
  });
  const csrfKey = randomBytes(32);
  const timeouts = portal.services.sessions.timeouts;
  const cards = portal.plugins
    .filter((p) => tenant.plugins.has(p.name))
    .flatMap((p) => (p.definition.dashboard ?? []).map((card) => ({ plugin: p.name, card })))
    .sort((a, b) => (a.card.order ?? 500) - (b.card.order ?? 500));
  const invoicesSettings = tenant.plugins.get('invoices') as unknown as InvoicesSettings;
  const payments = payContext({ portal: portal.services, settings: (r: any) => r.tenant.plugins.get('payments') } as unknown as PluginRoutesContext, {
    tenant,
    locale: LOCALE,
    em,
    customer: { accounts: [] },
  } as any);

  const app = Fastify({ logger: false });
  const signedIn = async (cookie: string | undefined) => {
    const sid = cookie && COOKIE.exec(cookie)?.[1];
    if (!sid) return null;
    const [r] = await run(SIGNED_IN_SQL, [createHash('sha256').update(sid).digest('hex'), tenant.id, timeouts.absoluteHours, timeouts.idleMinutes]);
    if (!r) return null;
    const customer: CurrentCustomer = { id: r.customer_id, name: r.customer_name, email: r.customer_email, mustChangePassword: r.must_change_password, accounts: r.accounts };
    return { sid, customer };
  };
  const page = (template: string, frame: ReturnType<typeof frameOf>, who: { sid: string; customer: CurrentCustomer }, data: Record<string, unknown>) =>
    views.render(tenant, template, {
      ...data,
      ...frame,
      cspNonce: randomBytes(16).toString('hex'),
      customer: { name: who.customer.name, email: who.customer.email },
      csrfToken: createHmac('sha256', csrfKey).update(who.sid).digest('base64url'),
      submissionToken: randomBytes(18).toString('base64url'),
      year: new Date().getFullYear(),
    });
  const route = (path: string, title: string, section: string, template: string, data: (who: { sid: string; customer: CurrentCustomer }) => Promise<Record<string, unknown>>) => {
    const frame = frameOf(path, title, section);
    app.get(path, async (request, reply) => {
      const who = await signedIn(request.headers.cookie);
      if (!who) return reply.redirect('/login');
      return reply.type('text/html; charset=utf-8').send(page(template, frame, who, await data(who)));
    });
  };

  route('/dashboard', 'dashboard.title', 'dashboard', 'dashboard', async ({ customer }) => {
    const accountIds = customer.accounts.map((a) => a.id);
    const frame = { locale: LOCALE, currency: tenant.currency, timezone: tenant.timezone };
    const [services, ...data] = await Promise.all([
      run(`SELECT account_id, kind, plan, address, status FROM account_services WHERE tenant_id = ? AND account_id IN (?) ORDER BY id`, [tenant.id, accountIds]),
      ...cards.map(({ plugin, card }) =>
        card.data
          ? card.data({ request: { tenant, locale: LOCALE } as any, portal: portal.services, tenant, em, customerId: customer.id, accountIds, settings: tenant.plugins.get(plugin) ?? {} })
          : {},
      ),
    ]);
    return {
      accounts: customer.accounts.map((a) => ({
        number: a.number,
        holderName: a.holderName,
        document: `${a.documentType} ${a.documentNumber}`,
        services: services.filter((s) => s.account_id === a.id).map((s) => ({ kind: s.kind, plan: s.plan, address: s.address, status: s.status })),
      })),
      cards: cards.flatMap(({ plugin, card }, i) =>
        data[i] === null ? [] : [{ id: `${plugin}-${card.id}`, html: views.render(tenant, card.template, { ...frame, ...data[i] }, false) }],
      ),
    };
  });
  route('/invoices', 'invoices.list.title', 'invoices', 'invoices/list', async ({ customer }) => {
    const account = customer.accounts[0];
    const rows = await listInvoices(run, tenant.id, account.id, invoicesSettings.periodsShown);
    return invoiceListPage(rows, customer, account, invoicesSettings.periodsShown, localDate(new Date(), tenant.timezone), LOCALE);
  });
  route('/invoices/statement', 'invoices.statement.title', 'invoices', 'invoices/statement', ({ customer }) =>
    statementPageData(run, t, invoicesSettings, tenant.id, customer, customer.accounts[0], {}),
  );
  route('/payments', 'payments.title', 'payments', 'payments/index', ({ customer }) =>
    payPageData({ ...payments, customer, accountIds: customer.accounts.map((a) => a.id) }, em, tenant, LOCALE, customer.accounts[0]),
  );

  return {
    app,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}
