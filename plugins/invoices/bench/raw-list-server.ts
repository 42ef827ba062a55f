import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import Handlebars from 'handlebars';
import pg from 'pg';
import { REPO_ROOT, Catalog, registerHelpers } from 'portal/testing';
import { LOCALES, localDate } from 'portal/sdk';
import { INVOICE_LIST_SQL, invoiceListParams, type InvoiceListRow } from '../data/invoice-list.ts';
import { invoiceListPage } from '../view-models/invoice-list-page.ts';
import { textDates, toNumbered } from './pg-sql.ts';

export interface RawListOptions {
  databaseUrl: string;
  poolSize: number;
  tenantId: string;
  account: { id: number; number: string; holderName: string };
  periods: number;
}

/**
 * The hand-written baseline: fastify, a pg pool, the same SQL and the same templates (the theme's
 * layout and the plugin's list), compiled once. No tenant lookup, session, CSRF secret, CSP or
 * ORM: the ratio to it is what the framework costs on this page.
 */
export function rawListServer(opts: RawListOptions): { app: FastifyInstance; close(): Promise<void> } {
  const hbs = Handlebars.create();
  const catalog = new Catalog(
    [{ dir: join(REPO_ROOT, 'core/locales') }, { dir: join(REPO_ROOT, 'plugins/invoices/locales'), prefix: 'invoices' }],
    LOCALES,
  );
  registerHelpers(hbs, catalog);
  const partials = join(REPO_ROOT, 'themes/default/templates/partials');
  for (const f of readdirSync(partials)) hbs.registerPartial(f.replace(/\.hbs$/, ''), readFileSync(join(partials, f), 'utf8'));
  const ownPartials = join(REPO_ROOT, 'plugins/invoices/views/partials');
  for (const f of readdirSync(ownPartials)) hbs.registerPartial(`invoices/${f.replace(/\.hbs$/, '')}`, readFileSync(join(ownPartials, f), 'utf8'));
  const layout = hbs.compile(readFileSync(join(REPO_ROOT, 'themes/default/templates/layouts/main.hbs'), 'utf8'));
  const list = hbs.compile(readFileSync(join(REPO_ROOT, 'plugins/invoices/views/list.hbs'), 'utf8'));

  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize, types: textDates });
  const sql = toNumbered(INVOICE_LIST_SQL);
  const customer = { accounts: [opts.account] };
  const frame = {
    locale: 'es-AR',
    htmlLang: 'es-AR',
    currency: 'ARS',
    timezone: 'America/Argentina/Buenos_Aires',
    title: 'Mis facturas',
    section: 'invoices',
    brand: { id: 'main', name: 'Red Bench Internet', logoUrl: null, contact: { phone: '0800-222-3333', email: 'ayuda@invbench.test' } },
    brandCss: ':root{--color-primary:#0b5cad}',
    nav: [
      { id: 'dashboard', href: '/dashboard', icon: 'home', label: 'Inicio', active: false },
      { id: 'invoices', href: '/invoices', icon: 'file', label: 'Facturas', active: true },
      { id: 'profile', href: '/account/profile', icon: 'user', label: 'Mis datos', active: false },
    ],
    customer: { name: opts.account.holderName, email: null },
    languages: [
      { code: 'es-AR', label: 'Español', href: '/invoices?lang=es-AR', active: true },
      { code: 'en', label: 'English', href: '/invoices?lang=en', active: false },
    ],
    themeSettings: {},
  };

  const app = Fastify({ logger: false });
  app.get('/invoices', async (_request, reply) => {
    const { rows } = await pool.query(sql, invoiceListParams(opts.tenantId, opts.account.id, opts.periods));
    const data = invoiceListPage(rows as InvoiceListRow[], customer, opts.account, opts.periods, localDate(new Date(), frame.timezone), 'es-AR');
    const context = { ...frame, ...data, csrfToken: randomBytes(24).toString('base64url'), cspNonce: randomBytes(16).toString('base64'), year: new Date().getFullYear() };
    const html = layout({ ...context, body: new Handlebars.SafeString(list(context)) });
    return reply.type('text/html; charset=utf-8').send(html);
  });
  return {
    app,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}
