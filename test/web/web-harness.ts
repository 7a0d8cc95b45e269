import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { serveWeb } from '../../apps/api/src/web/serve-web';
import { DIST_DIR, ensureWebBuilt } from '../../apps/web/scripts/build-web';
import { startApp, type Harness } from '../support/app-harness';

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface WebHarness {
  api: Harness;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own sessionStorage), optionally already signed in as a dev identity. */
  open(path: string, options?: { as?: string; lang?: 'da' | 'en' }): Promise<WebPage>;
  close(): Promise<void>;
}

export interface WebPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught exceptions and CSP violations seen so far. */
  problems: string[];
}

/**
 * The real API (embedded default, fresh data dir) serving the built web app, and a headless
 * Chromium. The web app is built with Vite first when apps/web/dist is missing or stale.
 */
export async function startWeb(env: Record<string, string> = {}): Promise<WebHarness> {
  ensureWebBuilt();
  const api = await startApp(env, undefined, (app) => serveWeb(app, DIST_DIR));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];

  const open: WebHarness['open'] = async (to, options = {}) => {
    const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const token = options.as ? (api.tokens[options.as] ?? null) : null;
    if (options.as && !token) throw new Error(`no dev identity ${options.as}`);
    // Runs in the page before its scripts (a string: the test code is type-checked without DOM types).
    await context.addInitScript(
      `(() => {
        const token = ${JSON.stringify(token)}, lang = ${JSON.stringify(options.lang ?? null)};
        if (token && !sessionStorage.getItem('gevinst.token')) sessionStorage.setItem('gevinst.token', token);
        if (lang && !localStorage.getItem('gevinst.lang')) localStorage.setItem('gevinst.lang', lang);
      })()`,
    );
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.setDefaultTimeout(10_000);
    await page.goto(`${api.baseUrl}${to}`);
    return { page, context, problems };
  };

  return {
    api,
    baseUrl: api.baseUrl,
    browser,
    open,
    close: async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await api.close();
    },
  };
}

/**
 * Evaluates a JavaScript expression in the page. Test code is type-checked without DOM types
 * (the root tsconfig is Node's), so page-side code is written as a string.
 */
export const inPage = <T>(page: Page, expression: string): Promise<T> => page.evaluate<T>(expression);

/** Signs in through the sign-in page, as a user would. */
export async function signInThroughPage(page: Page, name: RegExp | string): Promise<void> {
  await page.getByRole('button', { name: typeof name === 'string' ? new RegExp(name) : name }).click();
  await page.getByRole('navigation', { name: /Hovedmenu|Main navigation/ }).waitFor();
}

export const screenshotsDir = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
