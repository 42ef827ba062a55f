import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import type { AxeResults, RunOptions } from 'axe-core';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** WCAG 2.1 levels A and AA: what the portal promises, without axe's best-practice advice. */
const WCAG_21_AA: RunOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };

/**
 * Puts axe-core in every page the context opens. The portal's CSP refuses inline and foreign
 * scripts, so the context must be made with `bypassCSP: true`.
 */
export async function withAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ path: AXE_SOURCE });
}

/** The page's WCAG 2.1 A/AA violations as lines: rule, impact, help and the first elements at fault. */
export async function axeViolations(page: Page, where: string): Promise<string[]> {
  const results = await page.evaluate(async (options) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<AxeResults> } }).axe;
    return axe.run(document, options);
  }, WCAG_21_AA);
  return results.violations.map((v) => {
    const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ');
    return `${where}: ${v.id} (${v.impact ?? 'n/a'}) ${v.help} — ${targets}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`;
  });
}
