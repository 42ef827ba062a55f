import type { HelperOptions } from 'handlebars';
import type { Catalog } from '../i18n/i18n.ts';
import type { Locale } from '../tenants/tenant.ts';
import { formatDate, formatMoney } from '../i18n/format.ts';

type HbsEnv = { registerHelper(name: string, fn: (...args: any[]) => unknown): void; SafeString: new (s: string) => unknown };

/** Template helpers; the page's locale, currency and zone come from the render data (`@root`). */
export function registerHelpers(hbs: HbsEnv, catalog: Catalog): void {
  const root = (options: HelperOptions) => ((options.data as { root?: object } | undefined)?.root ?? {}) as { locale?: Locale; currency?: string; timezone?: string };

  hbs.registerHelper('t', (key: string, options: HelperOptions) => {
    const r = root(options);
    return catalog.t(r.locale ?? 'es-AR', key, options.hash);
  });
  hbs.registerHelper('money', (amount: unknown, options: HelperOptions) =>
    amount === null || amount === undefined || amount === '' ? '' : formatMoney(amount as number, root(options).currency ?? 'ARS'));
  hbs.registerHelper('date', (value: unknown, options: HelperOptions) =>
    value ? formatDate(value as Date, root(options).timezone) : '');
  hbs.registerHelper('datetime', (value: unknown, options: HelperOptions) =>
    value ? formatDate(value as Date, root(options).timezone, true) : '');
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hbs.registerHelper('not', (a: unknown) => !a);
  // Every page's footer asks `or` about the contact fields: no array copied per call.
  hbs.registerHelper('and', (...args: unknown[]) => {
    for (let i = 0; i < args.length - 1; i++) if (!args[i]) return false;
    return true;
  });
  hbs.registerHelper('or', (...args: unknown[]) => {
    for (let i = 0; i < args.length - 1; i++) if (args[i]) return true;
    return false;
  });
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  hbs.registerHelper('gt', (a: number, b: number) => Number(a) > Number(b));
  hbs.registerHelper('lt', (a: number, b: number) => Number(a) < Number(b));
  /** `{{icon "file"}}` → a symbol of the theme's icon sprite; decorative, so hidden from screen readers. */
  hbs.registerHelper('icon', (name: string) => new hbs.SafeString(`<svg class="icon" aria-hidden="true" focusable="false"><use href="/assets/theme/icons.svg#${escapeAttr(name)}"></use></svg>`));
}

function escapeAttr(s: string): string {
  return String(s).replace(/[^a-z0-9-]/gi, '');
}
