import { formatMoney } from '../../apps/web/src/format';
import { FIRST_YEAR, seed, type Seeded } from './seed';
import { startWeb, type WebHarness } from './web-harness';

interface HistoryEntry {
  position: string;
  type: string;
  recordedAt: string;
}

/** The auditor in a real browser: history, the portfolio as of an earlier moment, verification, exports. */
describe('web app: auditor', () => {
  let w: WebHarness;
  let seeded: Seeded;
  let cutId: string;
  let booking: HistoryEntry;
  let approval: HistoryEntry;
  const text = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const year = FIRST_YEAR + 1;

  beforeAll(async () => {
    w = await startWeb();
    seeded = await seed(w.api);
    const base = `/api/business-cases/${seeded.approvedCaseId}/budget-cuts`;
    cutId = (await w.api.request<{ cutId: string }>('POST', base, { as: 'frida', body: { departmentId: 'borgerservice', year } })).body.cutId;
    await w.api.request('POST', `${base}/${cutId}/approve`, { as: 'frank', body: {} });
    // The booking lands in a later second than the approval, so a moment between them can be picked to the second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const booked = await w.api.request('POST', `${base}/${cutId}/book`, { as: 'frida', body: {} });
    expect(booked.status).toBe(200);
    const history = await w.api.request<{ entries: HistoryEntry[] }>('GET', `/api/audit/history/business-cases/${seeded.approvedCaseId}`, { as: 'revi' });
    booking = history.body.entries.find((e) => e.type === 'BudgetCutBooked')!;
    approval = history.body.entries.find((e) => e.type === 'BudgetCutApproved')!;
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('moves the as-of moment back and sees the earlier figures', async () => {
    const summaryAt = async (query: string) =>
      (await w.api.request<{ years: { year: number; booked: number }[] }>('GET', `/api/ledger/summary${query}`, { as: 'revi' })).body.years.reduce((s, y) => s + y.booked, 0);
    const bookedNow = await summaryAt('');
    expect(bookedNow).toBeGreaterThan(0);

    const { page, problems } = await w.open('/audit/as-of', { as: 'revi' });
    const booked = page.getByTestId('kpi-booked');
    await booked.waitFor();
    expect(text(await booked.innerText())).toBe(text(formatMoney(bookedNow)));
    await page.getByTestId('cuts').getByText('Bogført', { exact: true }).waitFor();

    // Back to the second the booking happened in (its fraction cut off): approved, not yet booked.
    const moment = new Date(Math.floor(Date.parse(booking.recordedAt) / 1000) * 1000);
    expect(moment.getTime()).toBeGreaterThan(Date.parse(approval.recordedAt));
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'medium' }).format(moment).replace(' ', 'T');
    await page.getByLabel('Tidspunkt', { exact: true }).fill(local);
    const realisationAsked = page.waitForRequest((r) => r.url().includes(`/api/realisation/portfolio?asOf=${encodeURIComponent(moment.toISOString())}`));
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    await page.getByTestId('as-of-point').getByText('Viser porteføljen, som den var').waitFor();
    const bookedThen = await summaryAt(`?asOf=${encodeURIComponent(moment.toISOString())}`);
    expect(bookedThen).toBe(0);
    await page.getByTestId('kpi-booked').getByText(text(formatMoney(bookedThen)).replace(' ', '\u00a0')).waitFor();
    await page.getByTestId('cuts').getByText('Godkendt', { exact: true }).waitFor();
    expect(await page.getByTestId('cuts').getByText('Bogført', { exact: true }).count()).toBe(0);
    expect(page.url()).toContain(`at=${encodeURIComponent(moment.toISOString())}`);
    // The realisation view turns into the past with the rest: asked for as of the same moment.
    await realisationAsked;
    await page.getByTestId('as-of-realisation').locator('.kpi', { hasText: 'Høstet før realiseret' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('shows who decided what, and jumps from an event to the portfolio as it was then', async () => {
    const { page, problems } = await w.open(`/audit/history?case=${seeded.approvedCaseId}`, { as: 'revi' });
    const table = page.getByTestId('audit-history');
    await table.waitFor();
    const row = table.locator('tr', { hasText: 'Budgetreduktion godkendt' });
    expect(text(await row.innerText())).toContain('frank (Økonomi)');
    await row.getByRole('link', { name: `Se porteføljen her (#${approval.position})` }).click();
    await page.waitForURL(/\/audit\/as-of\?position=/);
    await page.getByTestId('as-of-point').getByText(`efter hændelse nr. ${approval.position}`).waitFor();
    await page.getByTestId('cuts').getByText('Godkendt', { exact: true }).waitFor();
    expect(problems).toEqual([]);
  });

  it('verifies the hash chain and the read models, and exports the cuts', async () => {
    const verify = (await w.api.request<{ count: number }>('GET', '/api/audit/verify', { as: 'revi' })).body;
    const { page, problems } = await w.open('/audit/verification', { as: 'revi' });
    await page.getByRole('button', { name: 'Kontrollér kæden' }).click();
    await page.getByTestId('chain-result').getByText('Kæden er intakt').waitFor();
    expect(text(await page.getByTestId('chain-result').innerText())).toMatch(new RegExp(`Kæden er intakt: ${verify.count} hændelser`));
    await page.getByRole('button', { name: 'Genberegn og sammenlign' }).click();
    await page.getByTestId('replay-result').getByText('ingen forskelle').waitFor();

    const exports = await w.open('/audit/exports', { as: 'revi' });
    const [download] = await Promise.all([exports.page.waitForEvent('download'), exports.page.getByRole('button', { name: 'Hent budgetreduktioner (CSV)' }).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFcutId;caseId;departmentId;year;status/);
    expect(csv).toContain(`${cutId};${seeded.approvedCaseId};borgerservice;${year};booked`);
    expect([...problems, ...exports.problems]).toEqual([]);
  });
});
