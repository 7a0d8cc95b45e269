import type { Page } from 'playwright-core';
import { da } from '../../apps/web/src/i18n/da';
import { formatMoney } from '../../apps/web/src/format';
import { PORTFOLIO_RENDERED_MARK } from '../../apps/web/src/perf';
import { FIRST_YEAR, seed, type Seeded } from './seed';
import { inPage, startWeb, type WebHarness } from './web-harness';

interface Cut {
  cutId: string;
  status: string;
  retained: number;
  amount: number;
  sharePct: number;
}

/** Harvesting in a real browser: propose, four-eyes approval by someone else, booking, and what the department head sees. */
describe('web app: harvest plan and department ledger', () => {
  let w: WebHarness;
  let seeded: Seeded;
  beforeAll(async () => {
    w = await startWeb();
    seeded = await seed(w.api);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  const text = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const cutsAs = async (as: string): Promise<Cut[]> => (await w.api.request<{ items: Cut[] }>('GET', '/api/budget-cuts', { as })).body.items;
  const rowOf = (page: Page, cutId: string) => page.locator(`tr[data-cut="${cutId}"]`);
  const year = FIRST_YEAR + 1;

  it('a finance user proposes a cut, a second one approves it (never the proposer), and the department head sees the retained share', async () => {
    // Frida proposes.
    const frida = await w.open('/harvest-plan', { as: 'frida' });
    const form = frida.page.getByTestId('propose-form');
    await form.waitFor();
    await form.getByLabel('Afdeling').selectOption('borgerservice');
    await form.getByLabel('År').selectOption(String(year));
    await form.getByRole('button', { name: 'Foreslå budgetreduktion' }).click();
    await frida.page.getByTestId('proposed').waitFor();
    const [cut] = await cutsAs('frida');
    expect(cut).toMatchObject({ status: 'proposed', sharePct: 25 });
    expect(text(await frida.page.getByTestId('proposed').innerText())).toContain(text(formatMoney(cut!.retained)));
    // Four eyes in the UI: the proposer is told, and offered no approval.
    const fridaRow = rowOf(frida.page, cut!.cutId);
    await fridaRow.getByText(da.harvest.fourEyesNote).waitFor();
    expect(await fridaRow.getByRole('button', { name: /^Godkend/ }).count()).toBe(0);
    expect(await fridaRow.getByRole('button', { name: /^Afvis/ }).count()).toBe(1);

    // Frank approves.
    const frank = await w.open('/harvest-plan', { as: 'frank' });
    const frankRow = rowOf(frank.page, cut!.cutId);
    await frankRow.getByRole('button', { name: `Godkend (Borgerservice ${year})` }).click();
    await frank.page.getByText(`Budgetreduktionen for Borgerservice ${year} er godkendt.`).waitFor();
    await frankRow.getByText('Godkendt', { exact: true }).waitFor();
    expect(text(await frankRow.innerText())).toContain('Godkendt af frank');

    // Bo, head of borgerservice, sees the approved cut and the share his department keeps.
    const bo = await w.open('/', { as: 'bo' });
    await bo.page.waitForURL(/\/departments\/borgerservice$/);
    const boRow = rowOf(bo.page, cut!.cutId);
    await boRow.waitFor();
    const [boCut] = await cutsAs('bo');
    expect(text(await boRow.getByTestId('cut-retained').innerText())).toBe(text(formatMoney(boCut!.retained)));
    expect(text(await boRow.innerText())).toContain('25 %');
    expect(await boRow.getByRole('button').count()).toBe(0); // a department head changes nothing
    const realisation = (await w.api.request<{ toDate: { planned: number } }>('GET', '/api/realisation/departments/borgerservice', { as: 'bo' })).body;
    expect(text(await bo.page.getByTestId('realisation-to-date').innerText())).toContain(text(formatMoney(realisation.toDate.planned)));

    // Frida books it; the ledger now counts the retained amount for the year.
    await frida.page.reload();
    await rowOf(frida.page, cut!.cutId).getByRole('button', { name: `Bogfør (Borgerservice ${year})` }).click();
    await frida.page.getByText(`Budgetreduktionen for Borgerservice ${year} er bogført.`).waitFor();
    await bo.page.reload();
    const ledger = (await w.api.request<{ years: { year: number; retained: number }[] }>('GET', '/api/departments/borgerservice/ledger', { as: 'bo' })).body;
    const retained = ledger.years.find((y) => y.year === year)!.retained;
    expect(retained).toBe(boCut!.retained);
    expect(text(await bo.page.getByTestId(`retained-${year}`).innerText())).toBe(text(formatMoney(retained)));
    expect([...frida.problems, ...frank.problems, ...bo.problems]).toEqual([]);
  });

  it('management sets a department\'s retained share from a year; the department head sees it in force', async () => {
    const mette = await w.open('/harvest-plan', { as: 'mette' });
    const form = mette.page.locator('form[aria-labelledby="policy-form-title"]');
    await form.getByLabel('Gælder for').selectOption('social-og-sundhed');
    await form.getByLabel('Andel (%)').fill('40');
    await form.getByLabel('Gælder fra budgetår').fill(String(year));
    await form.getByLabel('Begrundelse').fill('Forsøg: Social og Sundhed beholder mere til bedre service');
    await form.getByRole('button', { name: 'Gem andel' }).click();
    await mette.page.getByText(da.harvestPlan.policySaved).waitFor();
    await mette.page.getByTestId('policy').getByText('Afdeling Social og Sundhed').waitFor();

    const sara = await w.open('/departments/social-og-sundhed', { as: 'sara' });
    const share = sara.page.getByTestId('share-in-force');
    await share.waitFor();
    await share.getByText(`I ${FIRST_YEAR} bliver 25 %`).waitFor(); // the year before keeps the default
    await sara.page.getByLabel('År', { exact: true }).selectOption(String(year));
    await share.getByText(`I ${year} bliver 40 %`).waitFor();
    expect(text(await share.innerText())).toContain('fastsat for afdelingen');
    expect([...mette.problems, ...sara.problems]).toEqual([]);
  });

  it('lets nobody else see another department: the head of social-og-sundhed sees none of borgerservice', async () => {
    const sara = await w.open('/departments/borgerservice', { as: 'sara' });
    await sara.page.getByRole('alert').first().waitFor();
    expect(await sara.page.getByTestId('ledger').count()).toBe(0);
    expect(text(await sara.page.getByRole('alert').first().innerText())).toContain(da.problem.forbidden);
  });

  it('renders the portfolio with the API figures, and measures its first meaningful render', async () => {
    const started = Date.now();
    const { page, problems } = await w.open('/portfolio', { as: 'frida' });
    await page.getByTestId('portfolio-table').waitFor();
    const rendered = await inPage<number>(page, `performance.getEntriesByName(${JSON.stringify(PORTFOLIO_RENDERED_MARK)})[0]?.startTime ?? -1`);
    console.log(`portfolio first meaningful render: ${rendered.toFixed(0)} ms after navigation start (wall clock to table: ${Date.now() - started} ms)`);
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(5000);
    const cases = (await w.api.request<{ items: { caseId: string; approved: { npv: number } | null }[] }>('GET', '/api/business-cases', { as: 'frida' })).body.items;
    const approved = cases.find((c) => c.caseId === seeded.approvedCaseId)!;
    expect(text(await page.getByTestId('portfolio-table').innerText())).toContain(text(formatMoney(approved.approved!.npv)));
    // Benefits realisation to date, from the realisation API.
    const realisation = (await w.api.request<{ municipality: { toDate: { planned: number } } }>('GET', '/api/realisation/portfolio', { as: 'frida' })).body;
    await page.getByTestId('realisation').waitFor();
    expect(text(await page.getByTestId('realisation').innerText())).toContain(text(formatMoney(realisation.municipality.toDate.planned)));
    expect(problems).toEqual([]);
  });
});
