/**
 * Screenshots of the main pages for the README, taken from the real app (API on a fresh
 * embedded store, the demo municipality of `npm run demo` written through the API, the
 * production build, Debian's Chromium):
 *
 *   npm run screenshots      (node -r ./tools/register.js test/web/screenshots.ts)
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
import { inPage, screenshotsDir, startWeb, type WebHarness, type WebPage } from './web-harness';

interface Shot {
  file: string;
  url: string;
  as?: string;
  lang?: 'da' | 'en';
  /** Waits until the page shows what the shot is about. */
  ready: (p: WebPage) => Promise<unknown>;
  before?: (p: WebPage) => Promise<unknown>;
  fullPage?: boolean;
  /** Only the top of a long page, this many pixels high. */
  clipHeight?: number;
  /** Only this element (e.g. one section of a long page). */
  element?: (p: WebPage) => ReturnType<WebPage['page']['locator']>;
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
    const bookedCut = booked.body.items[0] as { caseId: string; cutId: string } | undefined;
    const redCaseId = await seedRealisation(w.api);

    const shots: Shot[] = [
      { file: 'sign-in.png', url: '/sign-in', ready: ({ page }) => page.getByRole('button', { name: /Frida Finans/ }).waitFor() },
      // The chart's code arrives beside the page: wait for its canvas too.
      { file: 'portfolio.png', url: '/portfolio', as: 'frida', ready: ({ page }) => Promise.all([page.getByTestId('portfolio-table').waitFor(), page.locator('canvas').first().waitFor()]) },
      { file: 'portfolio-en.png', url: '/portfolio', as: 'frida', lang: 'en', ready: ({ page }) => Promise.all([page.getByTestId('portfolio-table').waitFor(), page.locator('canvas').first().waitFor()]) },
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
      {
        file: 'case-realisation.png',
        url: `/cases/${redCaseId}`,
        as: 'frida',
        element: ({ page }) => page.getByTestId('case-realisation'),
        ready: async ({ page }) => {
          await page.getByTestId('red-notice').waitFor();
          await page.locator('article.indicator').first().waitFor();
          await page.getByTestId('case-realisation').scrollIntoViewIfNeeded();
        },
      },
      {
        file: 'department-realisation.png',
        url: '/departments/borgerservice',
        as: 'bo',
        element: ({ page }) => page.locator('section[aria-labelledby="dept-realisation-title"]'),
        before: async ({ page }) => {
          await page.getByTestId(`case-indicators-${redCaseId}`).locator('summary').click();
        },
        ready: ({ page }) => page.getByTestId(`case-indicators-${redCaseId}`).locator('article.indicator').waitFor(),
      },
      ...(bookedCut
        ? [{ file: 'at-approval.png', url: `/budget-cuts/${bookedCut.caseId}/${bookedCut.cutId}/at-approval`, as: 'frida', fullPage: true, ready: ({ page }: WebPage) => page.getByTestId('aa-ledger').waitFor() }]
        : []),
      { file: 'what-if.png', url: '/audit/what-if?discountRatePct=2.5&retainedSharePct=40', as: 'revi', clipHeight: 2200, ready: ({ page }) => page.getByTestId('what-if-report').waitFor() },
      { file: 'audit-history.png', url: `/audit/history?case=${approvedCaseId}`, as: 'revi', fullPage: true, ready: ({ page }) => page.getByTestId('audit-history').waitFor() },
      {
        file: 'audit-as-of.png',
        // The demo is written in seconds, so "a date" is a log position here: two thirds into it.
        url: `/audit/as-of?position=${Math.floor((Number(head.body.head?.position ?? 3) * 2) / 3)}`,
        as: 'revi',
        ready: ({ page }) => Promise.all([page.getByTestId('portfolio-kpis').waitFor(), page.locator('canvas').first().waitFor()]),
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
      if (shot.element) await shot.element(p).screenshot({ path: file });
      else if (shot.clipHeight) await p.page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: shot.clipHeight } });
      else await p.page.screenshot({ path: file, fullPage: shot.fullPage ?? false });
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

/**
 * A case that turns red, for the realisation screenshots: from January last year (so its
 * months can be measured), live, an adoption indicator from its curve (80 %), measured 68 %
 * in January and 40 % in February — below plan, so the evaluation turns it red.
 */
async function seedRealisation(h: WebHarness['api']): Promise<string> {
  const P = new Date().getUTCFullYear() - 1;
  const call = async <T = Record<string, unknown>>(method: string, url: string, as: string, body: unknown): Promise<T> => {
    const res = await h.request<T>(method, url, { as, body });
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const { caseId } = await call<{ caseId: string }>('POST', '/api/business-cases', 'carl', {
    title: 'Digital ansøgning om hjemmehjælp',
    description: 'Borgerne søger selv hjemmehjælp digitalt.',
    owningDepartmentId: 'borgerservice',
    projectOwner: 'Carl Casesen',
    startYear: P,
    horizonYears: 3,
    riskReservePct: 0,
    origin: { kind: 'local' },
    benefitMap: { purpose: 'Borgerne betjener sig selv', goals: [] },
    costLines: [{ id: 'c1', description: 'Implementering', category: 'implementation', nature: 'one-off', amounts: [{ year: P, amount: 400_000_00 }] }],
    benefitLines: [
      {
        id: 'b1',
        description: 'Sparet tid på ansøgninger',
        departmentId: 'borgerservice',
        workProcess: 'Ansøgninger om hjemmehjælp',
        benefitClass: 'budget-effective',
        valuation: { kind: 'time', casesPerYear: 20000, minutesSavedPerCase: 12, hourlyCost: 400_00 },
        adoption: { potentialUsers: 20000, targetAdoptionPct: 80, rampUpMonths: 0, startMonth: `${P}-01` },
      },
    ],
    reason: 'Første udkast',
  });
  await call('POST', `/api/business-cases/${caseId}/submit`, 'carl', { reason: 'Klar' });
  await call('POST', `/api/business-cases/${caseId}/approve`, 'mette', { revision: 1, reason: 'Godkendt' });
  await call('POST', `/api/business-cases/${caseId}/start-implementation`, 'carl', { reason: 'I gang' });
  await call('POST', `/api/business-cases/${caseId}/go-live`, 'carl', { reason: 'I drift' });
  const { indicatorId } = await call<{ indicatorId: string }>('POST', `/api/business-cases/${caseId}/indicators`, 'carl', { name: 'Andel ansøgninger indgivet digitalt', unit: 'percent', kind: 'adoption', benefitLineIds: ['b1'], baseline: { value: 0, date: `${P}-01-01` } });
  for (const [period, value] of [[`${P}-01`, 68], [`${P}-02`, 40], [`${P}-04`, 47]] as const) {
    await call('POST', `/api/business-cases/${caseId}/measurements`, 'carl', { indicatorId, value, unit: 'percent', period });
  }
  return caseId;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
