import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { discoverPlugins } from '../../core/plugins/discover-plugins.ts';
import { Catalog } from '../../core/i18n/i18n.ts';
import { LOCALES } from '../../core/tenants/tenant-schema.ts';
import { actionLabel } from '../../core/staff/action-label.ts';

/** Source files of core and the plugins, without tests, fixtures, the plugin scaffold and test helpers. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (/^(tests?|test-fixtures|testing|plugin-scaffold|node_modules|bench)$/.test(entry)) continue;
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/(?<!\.test)\.ts$/.test(entry)) out.push(path);
  }
  return out;
}

/** Every action an audit call names with a literal, and those built from a known list. */
function auditedActions(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sources(join(REPO_ROOT, 'core')), ...sources(join(REPO_ROOT, 'plugins'))]) {
    const code = readFileSync(file, 'utf8');
    if (!/audit/i.test(code)) continue;
    for (const m of code.matchAll(/action: '([a-z][a-z-]*\.[a-z.-]+)'/g)) found.set(m[1], relative(REPO_ROOT, file));
    for (const m of code.matchAll(/'([a-z][a-z-]*\.[a-z-]+)'/g)) {
      // Actions kept in constants or tables (REFUND_ACTION, service-requests' AUDIT) are recorded too.
      if (/^(payments\.refund|service-requests\.(review-started|info-requested|approved|rejected))$/.test(m[1])) found.set(m[1], relative(REPO_ROOT, file));
    }
  }
  // Built from a verb or a status: tickets' staff actions, payment agreement decisions, API calls.
  for (const verb of ['noted', 'replied', 'closed', 'reopened', 'assigned']) found.set(`tickets.${verb}`, 'plugins/tickets/staff/actions.ts');
  for (const status of ['approved', 'rejected']) found.set(`payments.agreement-${status}`, 'plugins/payments/staff/decide-agreement.ts');
  found.set('api.invoices.read', 'core/api/api-audit.ts');
  found.set('api.accounts.write', 'core/api/api-audit.ts');
  return found;
}

describe('back-office event names', () => {
  it('name every audited action in each language of the portal', async () => {
    const plugins = await discoverPlugins({ paths: [join(REPO_ROOT, 'plugins')] });
    const catalog = new Catalog([{ dir: join(REPO_ROOT, 'core/locales') }, ...plugins.map((p) => ({ dir: join(p.dir, 'locales'), prefix: p.name }))], LOCALES);
    const actions = auditedActions();
    expect(actions.size).toBeGreaterThan(50);
    const unnamed = [...actions].flatMap(([action, file]) => LOCALES.filter((l) => actionLabel(catalog, l, action) === null).map((l) => `${action} (${file}) has no ${l} name`));
    expect(unnamed).toEqual([]);
    expect(actionLabel(catalog, 'es-AR', 'payments.report-accepted')).toBe('Pago informado acreditado');
    expect(actionLabel(catalog, 'en', 'payments.report-accepted')).toBe('Reported payment credited');
    expect(actionLabel(catalog, 'es-AR', 'api.invoices.read')).toBe('Llamada a la API: invoices (lectura)');
    expect(actionLabel(catalog, 'en', 'api.invoices.write')).toBe('API call: invoices (write)');
  });
});
