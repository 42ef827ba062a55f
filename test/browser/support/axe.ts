import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import type { AxeResults, RunOptions } from 'axe-core';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** WCAG 2.1 levels A and AA: what the portal promises, without axe's best-practice advice. */
const WCAG_21_AA: RunOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };

/**
 * The rules that read the style sheets and media elements axe preloads, not what is drawn: an
 * orientation lock in a stylesheet or a video that plays by itself is the same at every width and
 * with a menu open. A page looked at again after a resize checks them no more, and so skips the
 * preload, a fetch and parse of every stylesheet per run.
 */
const PRELOADED_RULES = ['css-orientation-lock', 'no-autoplay-audio'];
const LAYOUT_AGAIN: RunOptions = { ...WCAG_21_AA, rules: Object.fromEntries(PRELOADED_RULES.map((id) => [id, { enabled: false }])), preload: false };

/**
 * Puts axe-core in every page the context opens. The portal's CSP refuses inline and foreign
 * scripts, so the context must be made with `bypassCSP: true`.
 */
export async function withAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ path: AXE_SOURCE });
}

/**
 * The page's WCAG 2.1 A/AA violations as lines: rule, impact, help and the first elements at fault.
 * `again`: the same document was checked already and only its layout changed since (another
 * width, a menu opened), so the rules that cannot see that are left out.
 */
export async function axeViolations(page: Page, where: string, { again = false } = {}): Promise<string[]> {
  // Only what the lines need crosses over: the whole result (every rule's description, tags and
  // a passing node each) would be serialised by the page and parsed here on every run.
  const violations = await page.evaluate(
    async (options) => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<AxeResults> } }).axe;
      const results = await axe.run(document, options);
      return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
    },
    again ? LAYOUT_AGAIN : WCAG_21_AA,
  );
  return violations.map((v) => {
    const first = v.targets.slice(0, 3).join(', ');
    return `${where}: ${v.id} (${v.impact ?? 'n/a'}) ${v.help} — ${first}${v.targets.length > 3 ? ` and ${v.targets.length - 3} more` : ''}`;
  });
}
