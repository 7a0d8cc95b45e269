import type { Page } from 'playwright-core';
import { da } from '../../apps/web/src/i18n/da';
import { formatMoney } from '../../apps/web/src/format';
import { demoCase, seed } from './seed';
import { startWeb, type WebHarness } from './web-harness';

/** The case of this test starts in January last year, so that its months can be measured whatever the day. */
const P = new Date().getUTCFullYear() - 1;

interface Indicators {
  indicators: { indicatorId: string; name: string; target: { value: number }; measurements: { measurementId: string; period: string; value: number; supersededBy?: string; supersedes?: string }[]; chart: { period: string; planned: number; measured: number | null }[] }[];
}
interface CaseRealisation {
  evaluated: { colour: string } | null;
  redEpisode: { episode: number; acknowledged: { by: string; comment: string } | null } | null;
  toDate: { planned: number; realised: number };
}

/**
 * Realisation at work in a real browser: a case author defines an indicator and records
 * measurements below plan, the case turns red, a measurement is corrected, management
 * acknowledges the red status with a comment, and the department head sees the case's
 * realisation and its indicator against plan.
 */
describe('web app: realisation — indicators, measurements, red status', () => {
  let w: WebHarness;
  let caseId: string;
  const text = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const indicators = async (as = 'carl'): Promise<Indicators> => (await w.api.request<Indicators>('GET', `/api/business-cases/${caseId}/indicators`, { as })).body;
  const realisation = async (as = 'carl'): Promise<CaseRealisation> => (await w.api.request<CaseRealisation>('GET', `/api/business-cases/${caseId}/realisation`, { as })).body;

  beforeAll(async () => {
    w = await startWeb();
    await seed(w.api);
    const body = demoCase({
      title: 'Digital ansøgning om parkeringstilladelse',
      startYear: P,
      horizonYears: 3,
      riskReservePct: 0,
      costLines: [{ id: 'c1', description: 'Implementering', category: 'implementation', nature: 'one-off', amounts: [{ year: P, amount: 400_000_00 }] }],
      benefitLines: [
        {
          id: 'b1',
          description: 'Sparet tid på ansøgninger',
          departmentId: 'borgerservice',
          workProcess: 'Parkeringstilladelser',
          benefitClass: 'budget-effective',
          valuation: { kind: 'time', casesPerYear: 20000, minutesSavedPerCase: 12, hourlyCost: 400_00 },
          adoption: { potentialUsers: 20000, targetAdoptionPct: 80, rampUpMonths: 0, startMonth: `${P}-01` },
        },
      ],
    });
    const created = await w.api.request<{ caseId: string }>('POST', '/api/business-cases', { as: 'carl', body });
    expect(created.status).toBe(201);
    caseId = created.body.caseId;
    for (const [action, as, extra] of [['submit', 'carl', {}], ['approve', 'mette', { revision: 1 }], ['start-implementation', 'carl', {}], ['go-live', 'carl', {}]] as const) {
      const res = await w.api.request('POST', `/api/business-cases/${caseId}/${action}`, { as, body: { reason: 'Videre', ...extra } });
      expect(res.status).toBe(200);
    }
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  const record = async (page: Page, value: string, period: string) => {
    const form = page.getByTestId('measurement-form');
    await form.getByLabel('Værdi (procent)').fill(value);
    await form.getByLabel('Periode', { exact: true }).fill(period);
    await form.getByRole('button', { name: 'Registrér måling' }).click();
  };

  it('a case author defines an indicator and records measurements; below plan the case turns red', async () => {
    const { page, problems } = await w.open(`/cases/${caseId}`, { as: 'carl' });
    const section = page.getByTestId('case-realisation');
    await section.getByText(da.indicator.none).waitFor();
    await section.getByRole('button', { name: 'Definér en indikator' }).click();
    const form = page.getByTestId('indicator-form');
    // Refused in the browser first: the error sits at the field.
    await form.getByRole('button', { name: 'Definér indikator' }).click();
    await form.getByText(da.validation.required).first().waitFor();
    expect(await page.locator('#field-name').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Navn').fill('Andel ansøgninger indgivet digitalt');
    await form.getByLabel('Nulpunkt (dato)').fill(`${P}-01-01`);
    await form.getByRole('button', { name: 'Definér indikator' }).click();
    const card = section.locator('article.indicator', { hasText: 'Andel ansøgninger indgivet digitalt' });
    await card.waitFor();
    const [indicator] = (await indicators()).indicators;
    expect(indicator!.target.value).toBe(80); // the approved curve's target
    expect(text(await card.innerText())).toContain('Mål 80 %');
    await card.getByText(da.indicator.noMeasurements).waitFor();

    // A value that is no number is refused at the field, nothing is sent.
    await record(page, 'mange', `${P}-01`);
    await page.locator('#field-value-error').getByText(da.form.parse.decimal).waitFor();
    expect((await indicators()).indicators[0]!.measurements).toEqual([]);

    // January 68 % against a plan of 80 %: amber. February 40 %: red.
    await record(page, '68', `${P}-01`);
    await page.getByTestId('measurement-saved').getByText('Status efter vurderingen: Gul.').waitFor();
    await record(page, '40', `${P}-02`);
    await page.getByTestId('measurement-saved').getByText('Status efter vurderingen: Rød.').waitFor();
    // A period the API refuses (not yet begun): the API's reason lands at the period field, nothing is recorded.
    await record(page, '50', `${P + 3}-01`);
    await page.locator('#field-period-error').getByText(`The period ${P + 3}-01 has not begun`).waitFor();
    expect(await page.locator('#field-period').getAttribute('aria-invalid')).toBe('true');
    const after = (await indicators()).indicators[0]!;
    expect(after.measurements.map((m) => [m.period, m.value])).toEqual([[`${P}-01`, 68], [`${P}-02`, 40]]);
    await card.getByTestId('latest-measurement').getByText(`40 % i ${P}-02 · planlagt 80 %`).waitFor();
    expect(await card.getByRole('img', { name: /Andel ansøgninger indgivet digitalt: planlagt niveau/ }).count()).toBe(1);

    const status = await realisation();
    expect(status.evaluated?.colour).toBe('red');
    await section.getByTestId('evaluated-colour').getByText('Rød', { exact: true }).waitFor();
    await section.getByTestId('red-notice').waitFor();
    expect(text(await section.getByTestId('realisation-to-date').innerText())).toContain(text(formatMoney(status.toDate.realised)));
    // A case author may not acknowledge.
    expect(await section.getByRole('button', { name: 'Kvittér for rød status' }).count()).toBe(0);
    // The one refusal asked for is the only problem (Chromium logs a 400 answer as a console error).
    expect(problems).toEqual(['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });

  it('corrects a measurement: the old value stays, struck through, and the new one counts', async () => {
    const { page, problems } = await w.open(`/cases/${caseId}`, { as: 'frida' });
    const january = (await indicators()).indicators[0]!.measurements.find((m) => m.period === `${P}-01`)!;
    const row = page.locator(`tr[data-measurement="${january.measurementId}"]`);
    await row.getByRole('button', { name: /^Ret/ }).click();
    await row.getByLabel('Ny værdi (procent)').fill('70,5');
    await row.getByLabel('Begrundelse for rettelsen').fill('Tallet fra fagsystemet var for februar');
    await row.getByRole('button', { name: 'Gem rettelse' }).click();
    await row.getByText(da.indicator.superseded).waitFor();
    const corrected = (await indicators('frida')).indicators[0]!.measurements.find((m) => m.supersedes === january.measurementId)!;
    expect(corrected.value).toBe(70.5);
    const newRow = page.locator(`tr[data-measurement="${corrected.measurementId}"]`);
    expect(text(await newRow.innerText())).toContain('70,5 %');
    expect(text(await newRow.innerText())).toContain('Tallet fra fagsystemet var for februar');
    expect(await row.locator('del').innerText()).toBe('68 %');
    expect(problems).toEqual([]);
  });

  it('management acknowledges the red status with a comment', async () => {
    const { page, problems } = await w.open(`/cases/${caseId}`, { as: 'mette' });
    const notice = page.getByTestId('red-notice');
    await notice.waitFor();
    await notice.getByRole('button', { name: 'Kvittér for rød status' }).click();
    await notice.getByText(da.realisation.commentRequired).waitFor();
    await notice.getByLabel('Kommentar').fill('Ekstra kommunikationsindsats besluttet');
    await notice.getByRole('button', { name: 'Kvittér for rød status' }).click();
    await notice.getByTestId('red-acknowledged').waitFor();
    const status = await realisation('mette');
    expect(status.redEpisode?.acknowledged).toMatchObject({ by: 'mette', comment: 'Ekstra kommunikationsindsats besluttet' });
    expect(text(await notice.getByTestId('red-acknowledged').innerText())).toContain('Kvitteret af mette');
    expect(text(await notice.getByTestId('red-acknowledged').innerText())).toContain('Ekstra kommunikationsindsats besluttet');
    // The status history holds the changes.
    await page.getByText(/Statushistorik \(2 skift\)/).click();
    expect(text(await page.getByTestId('colour-history').innerText())).toContain('Gul → Rød');
    expect(problems).toEqual([]);
  });

  it('opens the printable realisation report in a new tab, in the language of the UI', async () => {
    const { page, problems } = await w.open(`/cases/${caseId}`, { as: 'frida' });
    const link = page.getByTestId('realisation-report-link');
    await link.waitFor();
    const [report] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await report.waitForURL(/^blob:/);
    await report.getByRole('heading', { level: 1, name: 'Gevinstrealiseringsrapport' }).waitFor();
    const body = text(await report.locator('body').innerText());
    expect(body).toContain('Digital ansøgning om parkeringstilladelse');
    // The measurements recorded above are in it, as the API reports them.
    expect(body).toContain('68');
    await report.close();
    expect(problems).toEqual([]);
  });

  it("the department head sees the department's cases' realisation and the indicator against plan, and changes nothing", async () => {
    const department = (await w.api.request<{ cases: { caseId: string; colour: string; toDate: { planned: number; realised: number } }[] }>('GET', '/api/realisation/departments/borgerservice', { as: 'bo' })).body;
    const mine = department.cases.find((c) => c.caseId === caseId)!;
    expect(mine.colour).toBe('red');
    const { page, problems } = await w.open('/departments/borgerservice', { as: 'bo' });
    const row = page.getByTestId('department-case-realisation').locator(`tr[data-case="${caseId}"]`);
    await row.waitFor();
    const cells = text(await row.innerText());
    expect(cells).toContain('Rød');
    expect(cells).toContain(text(formatMoney(mine.toDate.planned)));
    expect(cells).toContain(text(formatMoney(mine.toDate.realised)));
    const details = page.getByTestId(`case-indicators-${caseId}`);
    await details.locator('summary').focus();
    await page.keyboard.press('Enter');
    const card = details.locator('article.indicator');
    await card.waitFor();
    await card.getByRole('img', { name: /planlagt niveau som stiplet linje/ }).waitFor();
    const measured = await card.getByTestId('measurements').innerText();
    expect(text(measured)).toContain('40 %');
    expect(text(measured)).toContain('70,5 %');
    expect(await card.getByRole('button').count()).toBe(0);
    expect(await page.getByTestId('measurement-form').count()).toBe(0);
    // From the department page to the case's own page: its realisation, read-only for a department head.
    await row.getByRole('link', { name: 'Digital ansøgning om parkeringstilladelse' }).click();
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    await page.getByTestId('red-notice').getByTestId('red-acknowledged').waitFor();
    await page.getByTestId('case-realisation').locator('article.indicator').waitFor();
    expect(await page.getByTestId('case-realisation').getByRole('button').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('finance re-plans the trajectory after a delay, with a reason; the plan in the chart follows', async () => {
    const { page, problems } = await w.open(`/cases/${caseId}`, { as: 'frida' });
    const card = page.locator('article.indicator').first();
    await card.getByRole('button', { name: /^Planlæg forløbet om/ }).click();
    const form = card.locator('form[data-testid^="trajectory-form-"]');
    const points = form.getByLabel('Planlagt værdi pr. periode (procent)');
    expect(await points.inputValue()).toBe(`${P}-01: 80`);
    await points.fill(`${P}-01: 20\nforkert linje`);
    await form.getByLabel('Begrundelse for den nye plan').fill('Idriftsættelsen blev udskudt tre måneder');
    await form.getByRole('button', { name: 'Gem nyt forløb' }).click();
    await form.getByText('Linjen «forkert linje» er ikke ÅÅÅÅ-MM: værdi.').waitFor();
    await points.fill(`${P}-01: 20\n${P}-04: 50\n${P}-07: 80`);
    await form.getByRole('button', { name: 'Gem nyt forløb' }).click();
    await card.getByTestId('trajectory-origin').getByText('manuelt').waitFor();
    const indicator = (await indicators('frida')).indicators[0]! as Indicators['indicators'][number] & { trajectory: { period: string; value: number }[] };
    expect(indicator.trajectory).toEqual([{ period: `${P}-01`, value: 20 }, { period: `${P}-04`, value: 50 }, { period: `${P}-07`, value: 80 }]);
    expect(indicator.chart.find((p) => p.period === `${P}-05`)?.planned).toBe(50);
    expect(text(await card.getByTestId('trajectory-origin').innerText())).toContain('planlagt om af frida: Idriftsættelsen blev udskudt tre måneder');
    expect(problems).toEqual([]);
  });
});
