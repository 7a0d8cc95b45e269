import { Clock, ManualClock } from '../../apps/api/src/application/clock';
import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments } from '../support/fixtures';

type Figures = { planned: number; realised: number; deviation: number; deviationPct: number | null; realisedPct: number | null };
type Row = { period: string; planned: number | null; measured: number | null; deviation: number | null; onPlan: boolean | null; achievedPct: number | null; measurements: { measurementId: string; value: number; inForce: boolean; reason?: string; correction: { reason: string | null } | null }[] };
type Report = {
  case: { caseId: string; title: string };
  approval: { revision: number; by: string | null } | null;
  goLive: { at: string; by: string | null } | null;
  asOfPeriod: string;
  reportYear: { from: string; to: string };
  approvedPlan: { byYear: { year: number; planned: number }[]; total: number };
  summary: { toDate: Figures & { colour: string; gap: number }; reportYear: Figures; evaluatedColour: string | null; harvested: number; retained: number; harvestedAheadOfRealised: number };
  lines: { lineId: string; toDate: Figures; byYear: (Figures & { year: number; plannedFullYear: number })[]; months: (Figures & { period: string })[] }[];
  excludedLines: { lineId: string; benefitClass: string }[];
  indicators: { indicatorId: string; rows: Row[] }[];
  colour: { atAsOf: string | null; history: { from: string | null; to: string; at: string }[]; redEpisodes: { episode: number; acknowledged: { by: string; comment: string } | null }[] };
  harvest: { harvested: number; retained: number; harvestedAheadOfRealised: number; bookedForLaterYears: number };
  report: { asOfBasis: string; preliminary: boolean; requestedAsOfPeriod: string | null };
};
type Problem = { status: number; code: string; 'invalid-params'?: { name: string }[] };

const now = new Date();
const Y = now.getUTCFullYear();
const P = Y - 1; // the case's first year and the year it went live: wholly in the past
const THIS_MONTH = `${Y}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
const MONTHS_THIS_YEAR = now.getUTCMonth() + 1;

/**
 * A case from January last year (P) for three years:
 * - b1, budget-effective, borgerservice: 20.000 × 12 min ÷ 60 × 400 kr./h × 80 % adoption from
 *   P-01 without ramp-up = 1.280.000 kr. = 128.000.000 øre a year, spread as
 *   8 × 10.666.667 (January–August) + 4 × 10.666.666 øre (September–December);
 * - b2, freed time: left out of the money.
 */
const reportCase = (title: string): Record<string, unknown> => ({
  title,
  description: 'Borgerne søger selv digitalt.',
  owningDepartmentId: 'borgerservice',
  projectOwner: 'Carl Casesen',
  startYear: P,
  horizonYears: 3,
  riskReservePct: 0,
  origin: { kind: 'local' },
  benefitMap: { purpose: 'Selvbetjening', goals: [{ id: 'g1', title: 'Færre manuelle sager', benefits: [{ id: 'bm1', title: 'Sparet tid', benefitLineIds: ['b1'], deliverables: [{ id: 'd1', title: 'Selvbetjening' }] }] }] },
  costLines: [{ id: 'c1', description: 'Implementering', category: 'implementation', nature: 'one-off', amounts: [{ year: P, amount: 400_000_00 }] }],
  benefitLines: [
    { id: 'b1', description: 'Sparet tid på ansøgninger', departmentId: 'borgerservice', workProcess: 'Parkeringstilladelser', benefitClass: 'budget-effective', valuation: { kind: 'time', casesPerYear: 20000, minutesSavedPerCase: 12, hourlyCost: 400_00 }, adoption: { potentialUsers: 20000, targetAdoptionPct: 80, rampUpMonths: 0, startMonth: `${P}-01` } },
    { id: 'b2', description: 'Frigjort tid i visitationen', departmentId: 'borgerservice', workProcess: 'Visitation', benefitClass: 'freed-time', valuation: { kind: 'time', casesPerYear: 1000, minutesSavedPerCase: 30, hourlyCost: 400_00 }, adoption: { potentialUsers: 1000, targetAdoptionPct: 100, rampUpMonths: 0, startMonth: `${P}-01` } },
  ],
  reason: 'Første udkast',
});

describe('the realisation report over HTTP', () => {
  let h: Harness;
  let caseId: string;
  let hostileId: string;
  const url = (id = caseId, query = ''): string => `/api/business-cases/${id}/realisation-report${query}`;
  const ok = async (method: string, path: string, as: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await h.request<Record<string, unknown>>(method, path, { as, ...(body === undefined ? {} : { body }) });
    if (res.status >= 300) throw new Error(`${method} ${path} as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    h = await startApp();
    await registerDepartments(h);
    // Approved and live in January last year, on the app's own clock.
    const clock = new ManualClock(`${P}-01-10T09:00:00.000Z`);
    h.app.get(Clock).use(clock.read);
    caseId = (await ok('POST', '/api/business-cases', 'carl', reportCase('Digital ansøgning om parkeringstilladelse'))).caseId as string;
    await ok('POST', `/api/business-cases/${caseId}/submit`, 'carl', { reason: 'Klar' });
    await ok('POST', `/api/business-cases/${caseId}/approve`, 'mette', { revision: 1, reason: 'Godkendt af direktionen' });
    await ok('POST', `/api/business-cases/${caseId}/start-implementation`, 'carl', { reason: 'I gang' });
    clock.set(`${P}-01-15T09:00:00.000Z`);
    await ok('POST', `/api/business-cases/${caseId}/go-live`, 'carl', { reason: 'I drift' });
    h.app.get(Clock).use();

    // A cut for this budget year, booked before any measurement: 25 % of 128.000.000 retained.
    await ok('PUT', '/api/retained-share/default', 'frida', { pct: 25, effectiveFromYear: Y, reason: 'Byrådets beslutning' });
    const cutId = (await ok('POST', `/api/business-cases/${caseId}/budget-cuts`, 'frida', { departmentId: 'borgerservice', year: Y })).cutId as string;
    await ok('POST', `/api/business-cases/${caseId}/budget-cuts/${cutId}/approve`, 'frank', {});
    await ok('POST', `/api/business-cases/${caseId}/budget-cuts/${cutId}/book`, 'frida', {});

    // Adoption 68 % in January (plan 80 %), 40 % in February, corrected to 48 %.
    await ok('POST', `/api/business-cases/${caseId}/indicators`, 'carl', { indicatorId: 'digital-andel', name: 'Andel digitale ansøgninger', unit: 'percent', kind: 'adoption', benefitLineIds: ['b1'], baseline: { value: 0, date: `${P}-01-01` } });
    await ok('POST', `/api/business-cases/${caseId}/measurements`, 'carl', { indicatorId: 'digital-andel', measurementId: 'jan', value: 68, unit: 'percent', period: `${P}-01` });
    await ok('POST', `/api/business-cases/${caseId}/measurements`, 'carl', { indicatorId: 'digital-andel', measurementId: 'feb', value: 40, unit: 'percent', period: `${P}-02` });
    await ok('POST', `/api/business-cases/${caseId}/measurements/feb/corrections`, 'frida', { measurementId: 'feb-rettet', value: 48, reason: 'Ansøgninger fra <app> manglede' });
    await ok('POST', `/api/business-cases/${caseId}/realisation/acknowledge-red`, 'mette', { comment: 'Kampagne <b>besluttet</b>' });

    hostileId = (await ok('POST', '/api/business-cases', 'carl', reportCase('<script>alert("x")</script> & Co'))).caseId as string;
  }, 90_000);
  afterAll(async () => {
    await h.close();
  });

  it('is a year after go-live by default: plan against actual per line, recomputed by hand', async () => {
    const res = await h.request<Report>('GET', url(), { as: 'revi' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const r = res.body;
    // Live in January P: the report year is January–December P.
    expect(r.asOfPeriod).toBe(`${P}-12`);
    expect(r.reportYear).toEqual({ from: `${P}-01`, to: `${P}-12` });
    expect(r.report).toMatchObject({ asOfBasis: 'one-year-after-go-live', preliminary: false, requestedAsOfPeriod: null });
    expect(r.goLive).toEqual({ at: `${P}-01-15T09:00:00.000Z`, by: 'carl' });
    expect(r.approval).toMatchObject({ revision: 1, by: 'mette' });
    expect(r.excludedLines).toEqual([{ lineId: 'b2', benefitClass: 'freed-time' }]);
    // The approved plan: 128.000.000 øre a year for three years.
    expect(r.approvedPlan).toEqual({ byYear: [P, P + 1, P + 2].map((year) => ({ year, planned: 128_000_000 })), total: 384_000_000 });
    // Realised in P:
    //   January 10.666.667 × 68/80 = 9.066.666,95 → 9.066.667
    //   February–August 7 × (10.666.667 × 48/80 = 6.400.000,2 → 6.400.000) = 44.800.000
    //   September–December 4 × (10.666.666 × 48/80 = 6.399.999,6 → 6.400.000) = 25.600.000
    //   = 79.466.667 of 128.000.000 planned: −48.533.333 = −37,916…% → −37,92 %; realised 62,08 % (cut) → red.
    const expected = { planned: 128_000_000, realised: 79_466_667, deviation: -48_533_333, deviationPct: -37.92, realisedPct: 62.08 };
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]!.toDate).toEqual(expected);
    expect(r.lines[0]!.byYear).toEqual([{ year: P, plannedFullYear: 128_000_000, ...expected }]);
    expect(r.lines[0]!.months.slice(0, 2).map((m) => [m.period, m.planned, m.realised, m.deviation, m.deviationPct])).toEqual([
      [`${P}-01`, 10_666_667, 9_066_667, -1_600_000, -15],
      [`${P}-02`, 10_666_667, 6_400_000, -4_266_667, -40],
    ]);
    expect(r.summary.toDate).toEqual({ ...expected, gap: 48_533_333, colour: 'red' });
    expect(r.summary.reportYear).toEqual(expected);
    // The cut is for budget year Y: after the report, so nothing was harvested ahead by then.
    expect(r.harvest).toMatchObject({ harvested: 0, retained: 0, harvestedAheadOfRealised: 0, bookedForLaterYears: 96_000_000 });
  });

  it('shows each indicator period with plan, measurement, deviation, and the correction superseding', async () => {
    const r = (await h.request<Report>('GET', url(), { as: 'bo' })).body;
    const [andel] = r.indicators;
    expect(andel!.rows.map((row) => [row.period, row.planned, row.measured, row.deviation, row.onPlan, row.achievedPct])).toEqual([
      [`${P}-01`, 80, 68, -12, false, 85],
      [`${P}-02`, 80, 48, -32, false, 60],
    ]);
    expect(andel!.rows[1]!.measurements.map((m) => [m.measurementId, m.value, m.inForce])).toEqual([
      ['feb', 40, false],
      ['feb-rettet', 48, true],
    ]);
    expect(andel!.rows[1]!.measurements[0]!.correction?.reason).toBe('Ansøgninger fra <app> manglede');
  });

  it('as of this month: the colour history with times, the acknowledgement, and the harvest to date', async () => {
    const res = await h.request<Report>('GET', url(caseId, `?asOfPeriod=${THIS_MONTH}`), { as: 'frida' });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.asOfPeriod).toBe(THIS_MONTH);
    expect(r.report).toMatchObject({ asOfBasis: 'requested', preliminary: true });
    // Evaluated now: January's 85 % carried into every month → amber; February's 40 % → red.
    expect(r.colour.history.map((c) => [c.from, c.to])).toEqual([[null, 'amber'], ['amber', 'red']]);
    expect(r.colour.history.every((c) => !Number.isNaN(Date.parse(c.at)))).toBe(true);
    expect(r.colour.atAsOf).toBe('red');
    expect(r.colour.redEpisodes).toMatchObject([{ episode: 1, acknowledged: { by: 'mette', comment: 'Kampagne <b>besluttet</b>' } }]);
    // This year: every month 6.400.000 (10.666.667 or 10.666.666 × 0,6). Harvested 96.000.000 for Y,
    // 32.000.000 retained; ahead = max(0, 96.000.000 − realised to date).
    const realisedToDate = 79_466_667 + 6_400_000 * MONTHS_THIS_YEAR;
    expect(r.summary.toDate.realised).toBe(realisedToDate);
    expect(r.harvest).toMatchObject({ harvested: 96_000_000, retained: 32_000_000, harvestedAheadOfRealised: Math.max(0, 96_000_000 - realisedToDate), bookedForLaterYears: 0 });
  });

  it('is a printable HTML document in Danish with Accept: text/html, in English with ?lang=en, and at .html', async () => {
    const res = await h.request<string>('GET', url(), { as: 'carl', headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = res.body;
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="da">/);
    expect(html).toContain('<h1>Gevinstrealiseringsrapport</h1>');
    // Money in Danish format, whole kroner: 128.000.000 øre = 1.280.000 kr.; 79.466.667 øre = 794.667 kr.; −485.333 kr.
    expect(html).toContain('1.280.000 kr.');
    expect(html).toContain('794.667 kr.');
    expect(html).toContain('\u2212485.333 kr.');
    expect(html).toContain('\u221237,92 %');
    expect(html).toContain('Rød');
    expect(html).toContain('3.840.000 kr. i alt');
    expect(html).toContain('i drift');
    expect(html).not.toMatch(/<script/i);
    // The correction's reason is shown, escaped.
    expect(html).toContain('Ansøgninger fra &lt;app&gt; manglede');

    const english = await h.request<string>('GET', url(caseId, '.html?lang=en'), { as: 'carl' });
    expect(english.status).toBe(200);
    expect(english.headers.get('content-type')).toMatch(/^text\/html/);
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('Benefits realisation report');
    expect(english.body).toContain('DKK 1,280,000');

    // A JSON client gets JSON.
    const json = await h.request<Report>('GET', url(), { as: 'carl', headers: { accept: 'application/json' } });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.body.asOfPeriod).toBe(`${P}-12`);
  });

  it('escapes every user-supplied string: a title with <script> is text', async () => {
    const res = await h.request<string>('GET', url(hostileId, '.html'), { as: 'revi' });
    expect(res.status).toBe(200);
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    const ack = await h.request<string>('GET', url(caseId, `.html?asOfPeriod=${THIS_MONTH}`), { as: 'revi' });
    expect(ack.body).toContain('Kampagne &lt;b&gt;besluttet&lt;/b&gt;');
    expect(ack.body).not.toContain('<b>besluttet');
    // In JSON the title is the data as written.
    expect((await h.request<Report>('GET', url(hostileId), { as: 'revi' })).body.case.title).toBe('<script>alert("x")</script> & Co');
  });

  it('is for those who may read the case: department heads and case authors of its departments only', async () => {
    for (const as of ['carl', 'bo', 'frida', 'mette', 'revi', 'ada']) expect([as, (await h.request('GET', url(), { as })).status]).toEqual([as, 200]);
    for (const as of ['sara', 'cecilie']) expect([as, (await h.request('GET', url(), { as })).status]).toEqual([as, 403]);
    expect((await h.request('GET', url(caseId, '.html'), { as: 'sara' })).status).toBe(403);
    expect((await h.request('GET', url())).status).toBe(401);
  });

  it('answers 404 for an unknown case and 400 for a bad period or language, as problem+json', async () => {
    const unknown = await h.request<Problem>('GET', url('no-such-case'), { as: 'revi' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await h.request('GET', url('no-such-case', '.html'), { as: 'revi' })).status).toBe(404);
    for (const period of ['2026-13', '26-01', 'last-year', `${P}-1`, '0000-01', '3000-01']) {
      const bad = await h.request<Problem>('GET', url(caseId, `?asOfPeriod=${encodeURIComponent(period)}`), { as: 'revi' });
      expect([period, bad.status]).toEqual([period, 400]);
      expect(bad.body['invalid-params']?.map((p) => p.name)).toEqual(['asOfPeriod']);
    }
    expect((await h.request('GET', url(caseId, '?asOfPeriod=2026-01&asOfPeriod=2026-02'), { as: 'revi' })).status).toBe(400);
    expect((await h.request('GET', url(caseId, '.html?lang=de'), { as: 'revi' })).status).toBe(400);
    expect((await h.request('GET', url(caseId, '?format=pdf'), { as: 'revi' })).status).toBe(400);
    // A year means its December.
    expect((await h.request<Report>('GET', url(caseId, `?asOfPeriod=${P}`), { as: 'revi' })).body.asOfPeriod).toBe(`${P}-12`);
  });
});
