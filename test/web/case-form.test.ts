import type { Page } from 'playwright-core';
import { da } from '../../apps/web/src/i18n/da';
import { formatMoney } from '../../apps/web/src/format';
import { seed } from './seed';
import { inPage, startWeb, type WebHarness } from './web-harness';

/** The case form in a real browser: errors at the field (client and API), then a saved case with its economics. */
describe('web app: business case form and detail', () => {
  let w: WebHarness;
  beforeAll(async () => {
    w = await startWeb();
    await seed(w.api);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  /** The error text a field points at with aria-describedby. */
  const errorOf = async (page: Page, id: string): Promise<{ invalid: string | null; text: string }> => {
    const field = page.locator(`#${id}`);
    const invalid = await field.getAttribute('aria-invalid');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((d) => d.endsWith('-error'));
    return { invalid, text: errorId ? await page.locator(`#${errorId}`).innerText() : '' };
  };

  it('shows every error at its field, first from the domain rules in the browser, then from the API, and saves a valid case', async () => {
    const { page, problems } = await w.open('/cases/new', { as: 'carl' });
    const posts: number[] = [];
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && r.url().endsWith('/api/business-cases')) posts.push(r.status());
    });
    await page.getByRole('heading', { level: 1, name: 'Ny business case' }).waitFor();

    // 1. Nothing filled in: the domain's validator (the code the API runs) names the fields; nothing is sent.
    await page.getByRole('button', { name: 'Opret business case' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'fejl i formularen' });
    await summary.waitFor();
    expect(await inPage<string>(page, 'document.activeElement.className')).toContain('error-summary');
    expect(await errorOf(page, 'field-title')).toEqual({ invalid: 'true', text: da.validation.empty });
    expect((await errorOf(page, 'field-reason')).text).toBe(da.validation.required);
    expect(posts).toEqual([]);

    // 2. An amount that is not an amount is named at its input.
    await page.getByLabel('Titel').fill('Selvbetjening for boligstøtte');
    await page.getByRole('button', { name: 'Tilføj omkostning' }).click();
    await page.locator('#field-costLines-0-amounts-0-amount').fill('fire hundrede');
    await page.getByRole('button', { name: 'Opret business case' }).click();
    expect(await errorOf(page, 'field-costLines-0-amounts-0-amount')).toEqual({ invalid: 'true', text: da.form.parse.money });
    expect((await errorOf(page, 'field-title')).invalid).toBeNull();
    expect(posts).toEqual([]);

    // 3. A figure the domain allows but the API's request rules do not (over 10⁹ cases a year): the API's answer lands at the field.
    await page.locator('#field-costLines-0-amounts-0-amount').fill('400.000');
    await page.locator('#field-costLines-0-category').selectOption('communication-marketing');
    await page.getByRole('button', { name: 'Tilføj gevinst' }).click();
    await page.locator('#field-benefitLines-0-workProcess').fill('Ansøgning om boligstøtte');
    await page.locator('#field-benefitLines-0-valuation-casesPerYear').fill('2.000.000.000');
    await page.locator('#field-benefitLines-0-valuation-minutesSavedPerCase').fill('12,5');
    await page.locator('#field-benefitLines-0-valuation-hourlyCost').fill('400');
    await page.locator('#field-benefitLines-0-adoption-potentialUsers').fill('5000');
    await page.locator('#field-benefitLines-0-adoption-targetAdoptionPct').fill('70');
    await page.getByLabel('Begrundelse', { exact: true }).fill('Første udkast');
    await page.getByRole('button', { name: 'Opret business case' }).click();
    await page.locator('#field-benefitLines-0-valuation-casesPerYear[aria-invalid="true"]').waitFor();
    expect(posts).toEqual([400]);
    const server = await errorOf(page, 'field-benefitLines-0-valuation-casesPerYear');
    expect(server.text).toMatch(/casesPerYear/);
    expect(await summary.innerText()).toContain('Gevinst 1 (b1) › Sager pr. år');

    // 4. Fixed: the case is saved and its page shows the API's economics.
    await page.locator('#field-benefitLines-0-valuation-casesPerYear').fill('20.000');
    // With no errors left the form previews the economics with the domain's own code.
    const preview = (await page.getByTestId('preview').locator('.kpi').first().innerText()).replace(/\s/g, ' ');
    await page.getByRole('button', { name: 'Opret business case' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    expect(posts).toEqual([400, 201]);
    const caseId = page.url().split('/').pop()!;
    await page.getByText('Gemt som revision 1.').waitFor();
    await page.getByTestId('economics-table').waitFor();
    const economics = await w.api.request<{ economics: { npv: number; years: number[] } }>('GET', `/api/business-cases/${caseId}/revisions/1/economics`, { as: 'carl' });
    expect((await page.getByTestId('npv').innerText()).replace(/\s/g, ' ')).toBe(formatMoney(economics.body.economics.npv).replace(/\s/g, ' '));
    expect(preview).toContain(formatMoney(economics.body.economics.npv).replace(/\s/g, ' ')); // the preview was right
    expect(await page.locator('[data-testid=economics] canvas').count()).toBe(2);
    const headers = await page.getByTestId('economics-table').locator('thead th').allInnerTexts();
    expect(headers.slice(1, -1)).toEqual(economics.body.economics.years.map(String));
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });

  it('lets the author submit and management approve, through the case page', async () => {
    const { page } = await w.open('/cases', { as: 'cecilie' });
    await page.getByRole('link', { name: 'Robot til journalisering' }).click();
    await page.getByRole('heading', { level: 1, name: 'Robot til journalisering' }).waitFor();
    // The reason is required, at the field.
    await page.getByRole('button', { name: 'Indsend til godkendelse' }).click();
    expect((await errorOf(page, 'field-reason')).text).toBe(da.caseDetail.reasonRequired);
    await page.getByLabel('Begrundelse').fill('Klar');
    await page.getByRole('button', { name: 'Indsend til godkendelse' }).click();
    await page.getByText(da.caseAction.done.submit).waitFor();
    await page.locator('.case-status-line').getByText('Til godkendelse').waitFor();

    const mette = await w.open(page.url().replace(w.baseUrl, ''), { as: 'mette' });
    await mette.page.getByText('Revision 1 er til godkendelse.').waitFor();
    await mette.page.getByLabel('Begrundelse').fill('Godkendt på direktionsmødet');
    await mette.page.getByRole('button', { name: 'Godkend' }).click();
    await mette.page.getByText(da.caseAction.done.approve).waitFor();
    await mette.page.getByTestId('case-history').getByText('Godkendt på direktionsmødet').waitFor();
  });
});
