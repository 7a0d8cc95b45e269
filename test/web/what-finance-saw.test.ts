import { da } from '../../apps/web/src/i18n/da';
import { formatMoney } from '../../apps/web/src/format';
import { FIRST_YEAR, seed, seedHarvest, type Seeded } from './seed';
import { startWeb, type WebHarness } from './web-harness';

interface AtApproval {
  approval: { by: { id: string }; position: string };
  cut: { amount: number; retained: number };
  businessCase: { approvedSummary: { npv: number } };
  ledger: { years: { year: number; baseline: number | null; approved: number; booked: number }[] };
}
type Compared = { actual: number; whatIf: number; delta: number };
interface WhatIf {
  totals: Record<'approvedNpv' | 'plannedGross' | 'booked' | 'retained', Compared>;
  cases: { caseId: string; approved: { npv: Compared } | null }[];
  cuts: { cutId: string; retained: Compared; sharePct: { actual: number; whatIf: number } }[];
}

/** "What finance saw when it approved this cut" in one click, and the what-if replay, in a real browser. */
describe('web app: what finance saw at approval, and what if', () => {
  let w: WebHarness;
  let seeded: Seeded;
  let firstCut: { cutId: string; caseId: string };
  const text = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const money = (ore: number): string => text(formatMoney(ore));

  beforeAll(async () => {
    w = await startWeb();
    seeded = await seed(w.api);
    await seedHarvest(w.api, seeded.approvedCaseId);
    const cuts = (await w.api.request<{ items: { cutId: string; caseId: string; departmentId: string; year: number }[] }>('GET', '/api/budget-cuts', { as: 'frida' })).body.items;
    firstCut = cuts.find((c) => c.departmentId === 'borgerservice' && c.year === FIRST_YEAR)!;
    // After the approval the department's budget for the year changes: "now" is no longer "then".
    const res = await w.api.request('PUT', `/api/departments/borgerservice/budgets/${FIRST_YEAR}`, { as: 'frida', body: { amount: 50_000_000_00, reason: 'Tillægsbevilling' } });
    expect(res.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('from a cut in the harvest plan, one click shows the case economics and the department ledger as of the approval', async () => {
    const then = (await w.api.request<AtApproval>('GET', `/api/audit/budget-cuts/${firstCut.caseId}/${firstCut.cutId}/at-approval`, { as: 'frida' })).body;
    const now = (await w.api.request<{ years: { year: number; baseline: number | null; booked: number }[] }>('GET', '/api/departments/borgerservice/ledger', { as: 'frida' })).body;
    const yearThen = then.ledger.years.find((y) => y.year === FIRST_YEAR)!;
    const yearNow = now.years.find((y) => y.year === FIRST_YEAR)!;
    expect(yearNow.baseline).toBe(50_000_000_00);
    expect(yearThen.baseline).not.toBe(yearNow.baseline);
    expect(yearThen.booked).toBe(0); // booked after the approval
    expect(yearNow.booked).toBeGreaterThan(0);

    const { page, problems } = await w.open('/harvest-plan', { as: 'frida' });
    await page.locator(`tr[data-cut="${firstCut.cutId}"]`).getByRole('link', { name: new RegExp(`^${da.harvest.whatFinanceSaw}`) }).click();
    await page.waitForURL(/\/at-approval$/);
    await page.getByRole('heading', { level: 1, name: da.atApproval.title }).waitFor();
    const view = page.getByTestId('at-approval');
    await view.waitFor();
    expect(text(await page.getByTestId('approved-by').innerText())).toContain(`${then.approval.by.id} (Økonomi)`);
    expect(text(await page.getByTestId('at-approval-point').innerText())).toContain(`hændelse nr. ${then.approval.position}`);
    expect(text(await page.getByTestId('aa-cut-amount').innerText())).toBe(money(then.cut.amount));
    expect(text(await page.getByTestId('aa-npv').innerText())).toBe(money(then.businessCase.approvedSummary.npv));
    await page.getByTestId('economics-table').waitFor();
    const row = text(await page.getByTestId('aa-ledger').locator(`tr[data-year="${FIRST_YEAR}"]`).innerText());
    expect(row).toContain(money(yearThen.baseline!));
    expect(row).not.toContain(money(yearNow.baseline!));
    expect(problems).toEqual([]);
  });

  it("from the cut's approval in the auditor's history, one click shows the same", async () => {
    const { page, problems } = await w.open(`/audit/history?case=${seeded.approvedCaseId}`, { as: 'revi' });
    const table = page.getByTestId('audit-history');
    await table.waitFor();
    const links = table.getByRole('link', { name: da.harvest.whatFinanceSaw });
    expect(await links.count()).toBe(2); // two approved cuts
    await links.first().click();
    await page.waitForURL(new RegExp(`/budget-cuts/${seeded.approvedCaseId}/${firstCut.cutId}/at-approval$`));
    await page.getByTestId('aa-ledger').waitFor();
    expect(problems).toEqual([]);
  });

  it('what if: another discount rate and retained share, actual beside what-if, figures from the API', async () => {
    const { page, problems } = await w.open('/audit/what-if', { as: 'revi' });
    const form = page.getByTestId('what-if-form');
    await form.waitFor();
    // Nothing given, then something that is no number: refused at the field.
    await form.getByRole('button', { name: 'Beregn' }).click();
    await page.locator('#field-discountRatePct-error').getByText(da.whatIf.nameOne).waitFor();
    await form.getByLabel('Diskonteringsrente (%)').fill('to en halv');
    await form.getByRole('button', { name: 'Beregn' }).click();
    await page.locator('#field-discountRatePct-error').getByText(da.whatIf.numberFormat).waitFor();

    await form.getByLabel('Diskonteringsrente (%)').fill('2,5');
    await form.getByLabel('Afdelingernes andel (%)').fill('50');
    await form.getByRole('button', { name: 'Beregn' }).click();
    await page.getByTestId('what-if-report').waitFor();
    expect(page.url()).toContain('discountRatePct=2.5');
    const api = (await w.api.request<WhatIf>('GET', '/api/audit/what-if?discountRatePct=2.5&retainedSharePct=50', { as: 'revi' })).body;
    expect(api.totals.retained.whatIf).not.toBe(api.totals.retained.actual);
    expect(text(await page.getByTestId('what-if-total-retained').innerText())).toBe(money(api.totals.retained.whatIf));
    expect(text(await page.getByTestId('what-if-total-approvedNpv').innerText())).toBe(money(api.totals.approvedNpv.whatIf));
    const totals = text(await page.getByTestId('what-if-totals').locator('tr[data-total="retained"]').innerText());
    expect(totals).toContain(money(api.totals.retained.actual));
    const cut = api.cuts.find((c) => c.cutId === firstCut.cutId)!;
    expect(cut.sharePct).toEqual({ actual: 25, whatIf: 50 });
    const cutRow = text(await page.getByTestId('what-if-cuts').locator(`tr[data-cut="${firstCut.cutId}"]`).innerText());
    expect(cutRow).toContain('25 % → 50 %');
    expect(cutRow).toContain(money(cut.retained.actual));
    expect(cutRow).toContain(money(cut.retained.whatIf));
    const npv = api.cases.find((c) => c.caseId === seeded.approvedCaseId)!.approved!.npv;
    const caseRow = text(await page.getByTestId('what-if-cases').locator(`tr[data-case="${seeded.approvedCaseId}"]`).innerText());
    expect(caseRow).toContain(money(npv.actual));
    expect(caseRow).toContain(money(npv.whatIf));
    expect(problems).toEqual([]);
  });

  it('finance finds what-if in its menu; a department head does not', async () => {
    const { page } = await w.open('/portfolio', { as: 'frida' });
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Hvad nu hvis' }).click();
    await page.getByTestId('what-if-form').waitFor();
    const bo = await w.open('/audit/what-if', { as: 'bo' });
    await bo.page.getByRole('heading', { level: 1, name: 'Ingen adgang' }).waitFor();
  });
});
