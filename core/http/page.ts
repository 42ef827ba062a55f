import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoadedPlugin, NavItem } from '../plugins/define-plugin.ts';
import type { ViewEngine } from '../views/view-engine.ts';
import type { PageOptions } from './request-types.ts';
import type { Brand, Locale, Tenant } from '../tenants/tenant.ts';
import type { Catalog } from '../i18n/i18n.ts';
import { csrfUserInfo } from './csrf-guard.ts';
import { newSubmissionToken } from './form-submission.ts';
import { SharedPages, cutAtMarkers, dataKey, fillSlots, newMarkers } from './shared-pages.ts';
import { inLocale } from '../i18n/localized-text.ts';
import { LazyText } from './lazy-text.ts';

const CORE_NAV: NavItem[] = [
  { id: 'dashboard', label: 'nav.dashboard', href: '/dashboard', icon: 'home', order: 0 },
  { id: 'profile', label: 'nav.profile', href: '/account/profile', icon: 'user', order: 900 },
];

interface NavView {
  id: string;
  href: string;
  icon: string;
  label: string;
  active: boolean;
}

const LANGUAGE_NAMES: Record<string, string> = { 'es-AR': 'Español', en: 'English' };
const FLASH_COOKIE = 'flash';

/** `reply.page()` and `reply.flash()`: every page gets the same frame data from here. */
export function pageRendering(
  app: FastifyInstance,
  deps: { views: ViewEngine; plugins: LoadedPlugin[]; csrfToken: (reply: FastifyReply, userInfo: string) => string },
): void {
  const pluginNav = deps.plugins.flatMap((p) => (p.definition.navigation ?? []).map((item) => ({ plugin: p.name, item })));

  // The menu follows from the tenant's plugins, the catalog, the language and the section alone
  // (nothing of the customer's), so each combination is built once; a reloaded tenant or
  // catalog is another object and gets its own.
  const navs = new WeakMap<Tenant, Map<string, { catalog: Catalog; nav: NavView[] }>>();
  const navOf = (tenant: Tenant, catalog: Catalog, locale: Locale, section: string | undefined): NavView[] => {
    let built = navs.get(tenant);
    if (!built) navs.set(tenant, (built = new Map<string, { catalog: Catalog; nav: NavView[] }>()));
    const key = `${locale}\n${section ?? ''}`;
    const known = built.get(key);
    if (known?.catalog === catalog) return known.nav;
    const nav = [
      ...CORE_NAV.map((item) => ({ item, prefix: '' })),
      ...pluginNav.filter((n) => tenant.plugins.has(n.plugin)).map((n) => ({ item: n.item, prefix: `${n.plugin}.` })),
    ]
      .sort((a, b) => (a.item.order ?? 500) - (b.item.order ?? 500))
      .map(({ item, prefix }) => ({
        id: item.id,
        href: item.href,
        icon: item.icon ?? 'file',
        label: catalog.has(locale, prefix + item.label) ? catalog.t(locale, prefix + item.label) : catalog.t(locale, item.label),
        active: item.id === section,
      }));
    built.set(key, { catalog, nav });
    return nav;
  };

  app.decorateReply('flash', function (this: FastifyReply, kind: 'success' | 'error' | 'info', message: string) {
    this.setCookie(FLASH_COOKIE, JSON.stringify({ kind, message }), { path: '/', httpOnly: true, sameSite: 'lax', signed: true, maxAge: 120 });
  });

  const shared = new SharedPages();

  app.decorateReply('page', function (this: FastifyReply, template: string, data: Record<string, unknown> = {}, opts: PageOptions = {}) {
    const reply = this;
    const request = this.request;
    const { tenant } = request;
    const layout = opts.layout ?? 'main';
    const nonce = this.cspNonce?.style ?? '';
    const mintToken = () => deps.csrfToken(reply, csrfUserInfo(request));
    const visitorOnly = opts.shared && !request.customer && !request.cookies?.[FLASH_COOKIE] && deps.views.cachesTemplates;
    const key = visitorOnly ? sharedKey(request, template, layout, opts, data) : null;
    let html: string;
    if (key === null) {
      html = deps.views.render(tenant, template, frame(reply, data, opts, nonce, mintToken), layout);
    } else {
      let page = shared.get(tenant, key);
      if (!page) {
        const markers = newMarkers();
        page = cutAtMarkers(deps.views.render(tenant, template, frame(reply, data, opts, markers.nonce, () => markers.token), layout), markers);
        shared.set(tenant, key, page);
      }
      html = fillSlots(page, nonce, mintToken);
    }
    // Only pages: a tenant's logo or stylesheet is the same in every language, and caches keep one copy.
    if (request.localeFromBrowser) this.header('vary', 'Accept-Language');
    return this.code(opts.status ?? this.statusCode ?? 200).type('text/html; charset=utf-8').send(html);
  });

  /** What every page sees besides its own data. */
  function frame(reply: FastifyReply, data: Record<string, unknown>, opts: PageOptions, nonce: string, mintToken: () => string) {
    const { request } = reply;
    const { tenant } = request;
    const catalog = deps.views.catalogFor(tenant);
    const t = (key: string) => catalog.t(request.locale, key);
    const nav = request.customer ? navOf(tenant, catalog, request.locale, opts.section) : [];
    return {
      ...data,
      locale: request.locale,
      htmlLang: request.locale,
      currency: tenant.currency,
      timezone: tenant.timezone,
      title: opts.title ? t(opts.title) : request.brand.name,
      section: opts.section,
      tenant: { id: tenant.id, name: tenant.name },
      brand: brandView(request.brand, tenant.id, request.locale),
      brandCss: brandCss(request.brand),
      cspNonce: nonce,
      nav,
      customer: request.customer ? { name: request.customer.name, email: request.customer.email } : null,
      // Minted when the page prints it: a page without a form (the FAQ, a visitor's dashboard-less
      // pages) neither pays its two HMACs nor sets the secret cookie; one with forms gets one token.
      csrfToken: new LazyText(mintToken),
      // One per rendered page: a creating form sends it back so a resend creates nothing (form-submission.ts).
      submissionToken: request.customer ? newSubmissionToken() : null,
      languages: tenant.locales.map((code) => ({
        code,
        label: LANGUAGE_NAMES[code] ?? code,
        href: `${request.url.split('?')[0]}?lang=${code}`,
        active: code === request.locale,
      })),
      flash: readFlash(request, reply),
      themeSettings: inLocale(tenant.themeSettings, request.locale),
      year: new Date().getFullYear(),
    };
  }
}

/** Everything besides the data that a visitor's page is made of (see `frame`), or null: render it each time. */
function sharedKey(request: FastifyRequest, template: string, layout: string | false, opts: PageOptions, data: Record<string, unknown>): string | null {
  const json = dataKey(data);
  if (json === null) return null;
  const path = request.url.split('?')[0];
  return `${request.brand.id}\n${request.locale}\n${template}\n${layout}\n${opts.status ?? 200}\n${opts.title ?? ''}\n${opts.section ?? ''}\n${path}\n${new Date().getFullYear()}\n${json}`;
}

function readFlash(request: FastifyRequest, reply: FastifyReply): unknown {
  const raw = request.cookies?.[FLASH_COOKIE];
  if (!raw) return null;
  reply.clearCookie(FLASH_COOKIE, { path: '/' });
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    return JSON.parse(unsigned.value);
  } catch {
    return null;
  }
}

function brandView(brand: Brand, tenantId: string, locale: Locale) {
  return {
    id: brand.id,
    name: brand.name,
    logoUrl: brand.branding.logo ? `/assets/tenant/${brand.branding.logo}` : null,
    contact: inLocale(brand.contact, locale),
    tenantId,
  };
}

const cssCache = new WeakMap<Brand, string>();

/** Colours and fonts were validated by the tenant schema (hex colours, plain font names). */
export function brandCss(brand: Brand): string {
  let css = cssCache.get(brand);
  if (css) return css;
  const { colors, fonts } = brand.branding;
  css =
    `:root{--color-primary:${colors.primary};--color-primary-text:${colors.primaryText};` +
    `--color-accent:${colors.accent};--color-bg:${colors.background};--color-surface:${colors.surface};` +
    `--color-text:${colors.text};--font-body:${fonts.body};--font-heading:${fonts.heading}}`;
  cssCache.set(brand, css);
  return css;
}
