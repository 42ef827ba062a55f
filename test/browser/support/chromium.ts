import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Request, type Response } from 'playwright-core';
import { REPO_ROOT } from '../../../core/config/load-config.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium still builds each window's address-bar popups as web pages of their own
 * (chrome://omnibox-popup.top-chrome, one per browser context, re-rendered as pages come and
 * go): no test sees them, yet they took a third of the layout file's CPU. Chromium keeps only the
 * last --disable-features, so the list starts with the features Playwright 1.65.1 disables itself
 * (its chromiumSwitches.ts), which would otherwise be switched back on.
 */
const PLAYWRIGHT_DISABLES = { version: '1.65.1', features: ['AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable', 'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect', 'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch', 'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion'] };
const BROWSER_UI_PAGES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'PreloadTopChromeWebUI'];

/** Screenshots go here, from the repository root (CI keeps the folder as an artifact). */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');

/**
 * Headless Chromium with every `*.test` name resolving to this machine, so a fixture tenant's
 * hostname reaches the portal `listenTestPortal` started; the port goes in the URL. It asks for
 * Spanish (es-AR) first, as the portal's visitors do: a first visit follows Accept-Language, and
 * Chromium's own default is en-US. A test about English sets its context's `locale`.
 */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const playwright = (createRequire(import.meta.url)('playwright-core/package.json') as { version: string }).version;
  if (playwright !== PLAYWRIGHT_DISABLES.version) {
    throw new Error(`playwright-core ${playwright}: copy its disabled features into PLAYWRIGHT_DISABLES (they are those of ${PLAYWRIGHT_DISABLES.version})`);
  }
  const disabled = [...PLAYWRIGHT_DISABLES.features, ...BROWSER_UI_PAGES].join(',');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--host-resolver-rules=MAP *.test 127.0.0.1', '--accept-lang=es-AR', `--disable-features=${disabled}`],
  });
}

export interface ExpectedProblems {
  /** A response of 400 or more the test causes on purpose (a refused form, say). */
  response?: (res: Response) => boolean;
  /** A request the page sees fail that is not a fault (a download handed to the browser). */
  failure?: (req: Request) => boolean;
}

/**
 * Console errors, uncaught exceptions, failed requests and error responses of the page, as
 * lines; a test ends with `expect(problems).toEqual([])`. What the test provokes on purpose is
 * left out through `expected`.
 */
export function watchForProblems(page: Page, expected: ExpectedProblems = {}): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    // Plain HTTP on a .test name is the test set-up; production is HTTPS.
    if (text.includes('Cross-Origin-Opener-Policy header has been ignored')) return;
    // Names no URL; the requests themselves are checked below.
    if (text.startsWith('Failed to load resource')) return;
    problems.push(`console: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    if (expected.failure?.(req)) return;
    problems.push(`failed: ${req.url()} ${req.failure()?.errorText ?? ''}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !expected.response?.(res)) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}
