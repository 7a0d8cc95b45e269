/**
 * Screenshots of the main pages for the README, taken from the real app (API on a fresh
 * embedded store, the demo municipality of `npm run demo` written through the API, the
 * production build, Debian's Chromium):
 *
 *   node -r ./tools/register.js test/web/screenshots.ts
 *
 * Writes docs/screenshots/*.png and prints the portfolio's first meaningful render (median of
 * five cold loads) and the production bundle's gzip size.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { devSigningSecret } from '@gevinst/platform';
import { demoAuthorToken, seedDemo, DEMO_DEPARTMENTS, type DemoClient } from '../../apps/api/src/demo/demo-data';
import { formatBundleReport, measureBundle } from '../../apps/web/scripts/build-web';
import { PORTFOLIO_RENDERED_MARK } from '../../apps/web/src/perf';
import { inPage, screenshotsDir, startWeb, type WebPage } from './web-harness';

interface Shot {
  file: string;
  url: string;
  as?: string;
  lang?: 'da' | 'en';
  /** Waits until the page shows what the shot is about. */
  ready: (p: WebPage) => Promise<unknown>;
  before?: (p: WebPage) => Promise<unknown>;
  fullPage?: boolean;
}

async function main(): Promise<void> {
  fs.mkdirSync(screenshotsDir, { recursive: true });
  const w = await startWeb();
  try {
    const secret = devSigningSecret(w.api.config);
    const authors: Record<string, string> = {};
    for (const d of DEMO_DEPARTMENTS) authors[d.id] = await demoAuthorToken(secret, d.id);
    const client: DemoClient = {
      request: (method, url, as, body, headers) => w.api.request(method, url, { as, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) }),
    };
    const demo = await seedDemo(client, (department) => authors[department]!, new Date().getUTCFullYear());
    console.log(`demo municipality: ${demo.cases} business cases, ${demo.cuts} budget cuts`);
    // A case with booked cuts: the richest page and history.
    const booked = await w.api.request<{ items: { caseId: string }[] }>('GET', '/api/budget-cuts?status=booked', { as: 'frida' });
    const head = await w.api.request<{ head: { position: string } | null }>('GET', '/api/audit/chain-head', { as: 'revi' });
    const approvedCaseId = booked.body.items[0]?.caseId ?? demo.caseIds['Digitale parkeringstilladelser']!;

    const shots: Shot[] = [
      { file: 'sign-in.png', url: '/sign-in', ready: ({ page }) => page.getByRole('button', { name: /Frida Finans/ }).waitFor() },
      { file: 'portfolio.png', url: '/portfolio', as: 'frida', ready: ({ page }) => page.getByTestId('portfolio-table').waitFor() },
      { file: 'portfolio-en.png', url: '/portfolio', as: 'frida', lang: 'en', ready: ({ page }) => page.getByTestId('portfolio-table').waitFor() },
      { file: 'cases.png', url: '/cases', as: 'mette', ready: ({ page }) => page.getByRole('table').waitFor() },
      { file: 'case-detail.png', url: `/cases/${approvedCaseId}`, as: 'frida', fullPage: true, ready: ({ page }) => page.getByTestId('sensitivity').waitFor() },
      {
        file: 'case-form-errors.png',
        url: '/cases/new',
        as: 'carl',
        fullPage: true,
        ready: ({ page }) => page.getByRole('alert').filter({ hasText: 'fejl i formularen' }).waitFor(),
        before: async ({ page }) => {
          await page.getByRole('button', { name: 'Tilføj omkostning' }).click();
          await page.getByRole('button', { name: 'Tilføj gevinst' }).click();
          await page.locator('#field-costLines-0-amounts-0-amount').fill('fire hundrede');
          await page.getByRole('button', { name: 'Opret business case' }).click();
        },
      },
      {
        file: 'harvest-plan.png',
        url: '/harvest-plan',
        as: 'frank',
        fullPage: true,
        // The cuts awaiting a decision (the full list of the demo is long).
        before: ({ page }) => page.getByLabel('Vis status').selectOption('proposed'),
        ready: ({ page }) => page.getByTestId('cuts').waitFor(),
      },
      { file: 'department-ledger.png', url: '/departments/borgerservice', as: 'bo', fullPage: true, ready: ({ page }) => page.getByTestId('ledger').waitFor() },
      { file: 'audit-history.png', url: `/audit/history?case=${approvedCaseId}`, as: 'revi', fullPage: true, ready: ({ page }) => page.getByTestId('audit-history').waitFor() },
      {
        file: 'audit-as-of.png',
        // The demo is written in seconds, so "a date" is a log position here: two thirds into it.
        url: `/audit/as-of?position=${Math.floor((Number(head.body.head?.position ?? 3) * 2) / 3)}`,
        as: 'revi',
        ready: ({ page }) => page.getByTestId('portfolio-kpis').waitFor(),
      },
      {
        file: 'audit-verification.png',
        url: '/audit/verification',
        as: 'revi',
        fullPage: true,
        before: async ({ page }) => {
          await page.getByRole('button', { name: 'Kontrollér kæden' }).click();
          await page.getByTestId('chain-result').getByText('Kæden er intakt').waitFor();
          await page.getByRole('button', { name: 'Genberegn og sammenlign' }).click();
        },
        ready: ({ page }) => page.getByTestId('replay-result').locator('table').waitFor(),
      },
    ];

    for (const shot of shots) {
      const p = await w.open(shot.url, { ...(shot.as ? { as: shot.as } : {}), ...(shot.lang ? { lang: shot.lang } : {}) });
      if (shot.before) await shot.before(p);
      await shot.ready(p);
      // Let the charts settle (no animation, but layout and fonts).
      await p.page.waitForTimeout(300);
      const file = path.join(screenshotsDir, shot.file);
      await p.page.screenshot({ path: file, fullPage: shot.fullPage ?? false });
      if (p.problems.length) console.warn(`  ${shot.file}: ${p.problems.join('; ')}`);
      console.log(`saved ${path.relative(process.cwd(), file)}`);
      await p.context.close();
    }

    const renders: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = await w.open('/portfolio', { as: 'frida' });
      await p.page.getByTestId('portfolio-table').waitFor();
      renders.push(await inPage<number>(p.page, `performance.getEntriesByName(${JSON.stringify(PORTFOLIO_RENDERED_MARK)})[0].startTime`));
      await p.context.close();
    }
    renders.sort((a, b) => a - b);
    console.log(`portfolio first meaningful render: median ${renders[2]!.toFixed(0)} ms after navigation start (runs: ${renders.map((r) => r.toFixed(0)).join(', ')} ms)`);
    console.log(formatBundleReport(measureBundle()));
  } finally {
    await w.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
